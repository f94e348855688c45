"Rewrite constraints.txt from the packages installed in the current environment (run after a tested upgrade)."
import subprocess, sys
from pathlib import Path
frozen = subprocess.run([sys.executable, '-m', 'pip', 'freeze', '--exclude-editable'], capture_output=True, text=True, check=True).stdout
lines = [l for l in frozen.splitlines() if l and not l.startswith(('-e', 'tokrepro'))]
head = Path('constraints.txt').read_text().splitlines()
head = [l for l in head if l.startswith('#')]
Path('constraints.txt').write_text('\n'.join(head + lines) + '\n')
print(f"constraints.txt: {len(lines)} pins")
