"Fail early, with the fix, when the Python that would build .venv is too old."
import sys
if sys.version_info < (3, 10):
    sys.exit(f"tokrepro needs Python 3.10 or newer; {sys.executable} is {sys.version.split()[0]}. "
             "Run `make PYTHON=/path/to/python3.11 test` (3.11 is the tested version).")
