/** A directory nobody can write to, for a test of what a run does when it cannot save there. */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Makes `dir` unwritable, for root too (whom permission bits do not stop): an immutable
 * directory (chattr +i), else no write permission. Returns the undo, or undefined when neither
 * holds here (the test is then skipped, saying so).
 */
export const makeUnwritable = (dir: string): (() => void) | undefined => {
  const probe = () => {
    try {
      writeFileSync(join(dir, '.probe'), '');
      execFileSync('rm', ['-f', join(dir, '.probe')]);
      return true;
    } catch {
      return false;
    }
  };
  if (process.getuid?.() === 0) {
    try {
      execFileSync('chattr', ['+i', dir]);
    } catch {
      return undefined;
    }
    if (!probe()) return () => execFileSync('chattr', ['-i', dir]);
    execFileSync('chattr', ['-i', dir]);
    return undefined;
  }
  execFileSync('chmod', ['a-w', dir]);
  return () => execFileSync('chmod', ['u+w', dir]);
};
