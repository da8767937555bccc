import { LocalFs } from '../../../src/live/fs/local-fs.js';
import { fsContract } from '../../helpers/fs-contract.js';
import { tempDir } from '../../helpers/paths.js';

fsContract('LocalFs', () => new LocalFs(), (t) => {
  const dir = tempDir(t);
  return { here: dir, there: dir };
});
