import { guardNetwork } from './helpers/network-guard.js';

// The real platform is never called from tests: only loopback (PostgreSQL, the fake platform).
guardNetwork();
