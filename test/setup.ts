import nock from 'nock';

// The real platform is never called from tests: only loopback (PostgreSQL, the fake platform).
nock.disableNetConnect();
nock.enableNetConnect(/^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/);
