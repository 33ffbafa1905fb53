export { loadConfig, type Config } from './load-config.js';
export { ENV_VARS, type VarSpec } from './env-vars.js';
export { maskedConfig, maskUrlPassword, secretFromEnv } from './mask.js';
export { cronProblem } from './cron-rule.js';
export { MOL_FAMILY, MOL_ROOT_OID, type Publisher } from './mol-family.js';
