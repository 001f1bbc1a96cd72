"""Fill the English catalogue from a "中文=English" list (one pair a line) and report what is missing.

python scripts/translate_en.py TRANSLATIONS.txt   # then: manage.py compilemessages -l en
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

PO = Path(__file__).resolve().parent.parent / "gongzhi" / "locale" / "en" / "LC_MESSAGES" / "django.po"


def escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def main() -> None:
    pairs = {}
    for line in Path(sys.argv[1]).read_text(encoding="utf-8").splitlines():
        if "=" in line:
            source, target = line.split("=", 1)
            pairs[source] = target
    text = PO.read_text(encoding="utf-8")
    missing = []

    def single(match: re.Match[str]) -> str:
        source = match.group(1)
        if source in pairs:
            return f'msgid "{source}"\nmsgstr "{escape(pairs[source])}"'
        missing.append(source)
        return match.group(0)

    text = re.sub(r'^msgid "(.+)"\nmsgstr ""$', single, text, flags=re.M)
    text = text.replace("#, fuzzy\n#| ", "#| ")
    PO.write_text(text, encoding="utf-8")
    print(f"missing: {len(missing)}", *missing, sep="\n  ")


if __name__ == "__main__":
    main()
