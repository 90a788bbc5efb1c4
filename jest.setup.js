// Integration tests start real stores and processes: give each test and hook 30 s instead of Jest's 5 s.
jest.setTimeout(30000);
