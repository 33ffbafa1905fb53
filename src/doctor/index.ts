export { runDoctor, clockSkewCheck, type DoctorDeps, type DoctorResult, type LocalCheck } from './doctor.js';
export {
  probeSpecs,
  runPlatformProbes,
  type ProbeReport,
  type ProbeTargets,
  type Verdict,
} from './platform-probes.js';
export { doctorJson, doctorText } from './render-doctor.js';
