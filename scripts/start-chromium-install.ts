// `npm test`'s first step: a fresh machine gets chromium for the browser tests while the suite
// type-checks and builds (the tests wait for the install; see test/helpers/chromium.ts).
import { startBackgroundInstall } from '../test/helpers/chromium.js';

startBackgroundInstall();
