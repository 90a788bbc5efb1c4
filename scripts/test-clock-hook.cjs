// Shifts this realm's clock for tests (Jest setupFiles, NODE_OPTIONS=--require); see test-clock.cjs.
'use strict';
const { configuredOffset, installClockShift } = require('./test-clock.cjs');

installClockShift(globalThis, configuredOffset());
