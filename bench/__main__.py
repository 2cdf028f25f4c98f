"""python -m bench [case-file|letters|all] [--persons N] [--engine sqlite|postgresql|both]"""

import sys

from bench import case_file, letters

which = sys.argv[1] if len(sys.argv) > 1 and not sys.argv[1].startswith("-") else "all"
rest = (
    sys.argv[2:]
    if which != "all" or (len(sys.argv) > 1 and sys.argv[1] == "all")
    else (sys.argv[1:])
)
if which in ("letters", "all"):
    print("# referral letters", flush=True)
    letters.main()
if which in ("case-file", "all"):
    raise SystemExit(case_file.main(rest))
