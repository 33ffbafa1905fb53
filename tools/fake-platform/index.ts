export {
  createFakePlatform,
  type FakePlatform,
  type FakePlatformOptions,
  type FakeFaults,
  type FakeRequest,
  type FakeRoute,
} from './fake-platform.js';
export { FakePlatformState, type ChangeStatus } from './fake-state.js';
export type { FakeDataset, FakeComment, FakeAgency } from './fake-types.js';
export { generateFixture, type FixtureOptions } from './fixture/generate.js';
export { FAKE_AGENCIES, FAKE_SUB_UNITS } from './fixture/agencies.js';
export {
  MOL_PLAN_DATASETS,
  OTHER_MINISTRY_TWINS,
  EXPECTED_STATUS_COUNTS,
} from './fixture/mol-plan-datasets.js';
export { EXPORT_COLUMNS, exportCells, exportCsv, exportJson, csvLine } from './export-format.js';
export { startFakePlatform } from './start.js';
