"""python3 -m octet.plot OUT.png < compare.json

Draws octet's compare JSON (what `octet compare` computes) with CompareReport.plot and saves it:
how `octet compare --plot OUT.png` draws, so the command line and octet.compare(...).plot() share
one plotting code path. Errors are one line on stderr, exit status 1."""

import sys


def main(argv):
    if len(argv) != 2:
        print("usage: python3 -m octet.plot OUT.png < compare.json", file=sys.stderr)
        return 2
    try:
        from ._compare import CompareReport
        report = CompareReport.from_json(sys.stdin.read())
        report.plot(argv[1])
    except ImportError as e:
        print(str(e), file=sys.stderr)
        return 1
    except (OSError, ValueError, KeyError) as e:
        print(str(e), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
