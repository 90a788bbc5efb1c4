// One Jest run over every workspace; each workspace keeps its own jest.config.js beside its code.
module.exports = {
  projects: [
    '<rootDir>/shared',
    '<rootDir>/packages/mongo-embedded',
    '<rootDir>/packages/wechat-fake',
    '<rootDir>/bff',
    '<rootDir>/miniapp',
    '<rootDir>/tests/e2e',
    '<rootDir>/tests/weapp',
  ],
  // On a 2-core machine Jest would run every suite inside its own main process ("in band"): whatever
  // one suite leaks (a timer, a socket, a child process) then slows every later suite and can keep
  // the run from ever exiting (a CI run hung for an hour after a timed-out test). A memory limit makes
  // Jest use a worker process instead, recycled once it grows past the limit, and force-exited at the end.
  workerIdleMemoryLimit: '768MB',
  // Two suites at a time: most of a suite's time is spent waiting on the engine, Redis or Chromium,
  // so on a 2-core machine a second worker shortens the run instead of slowing each suite.
  maxWorkers: 2,
};
