// Preloaded into every test process. Ink (through is-in-ci) holds all output until exit when
// CI is set, which would leave component tests nothing to read; CI=false turns that off.
process.env.CI = 'false';
