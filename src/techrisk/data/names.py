"""Company-name keys for screening: the field's own normalisation, not a home-made one.

``rigour`` (OpenSanctions' name library, the one behind yente and FollowTheMoney) folds case,
script-aware tokenises and strips legal forms across languages and scripts ("GmbH",
"Aktiengesellschaft", "Kft.", "ООО", "Co., Ltd."). Chinese legal forms (有限公司...) are
stripped here because screening compares Chinese names on their own (see ``cjk_key``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Chinese legal-form and group words, longest first: 浙江大华技术股份有限公司 -> 浙江大华技术.
_CJK_FORMS = ("股份有限公司", "有限责任公司", "有限責任公司", "有限公司", "集团", "集團", "公司")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_NOT_CJK = re.compile(r"[^\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def has_cjk(text: str) -> bool:
    """True when ``text`` holds a Chinese (CJK unified) character."""
    return _CJK.search(text) is not None


# Words rigour leaves when they are not part of a legal form it knows ("Co." alone before a
# comma, "(Private) Limited"); dropped at the end of a name only.
_TRAILING = frozenset(("co", "company", "corp", "corporation", "private", "pvt", "inc", "ltd", "limited"))


@lru_cache(maxsize=100_000)
def name_key(text: str) -> str:
    """Casefolded tokens without legal forms: ``"Huawei Technologies Co., Ltd."`` ->
    ``"huawei technologies"``; ``"ZTE Hungary Kft."`` -> ``"zte hungary"``;
    ``"Dahua Technology Poland Sp. z o.o."`` -> ``"dahua technology poland"``.

    A name made only of legal-form words keeps them (``"Limited"`` stays ``"limited"``).
    """
    from rigour.names import normalize_name, remove_org_types

    folded = unicodedata.normalize("NFKC", text).casefold()
    # rigour's legal-form table is matched on casefolded text with its punctuation ("sp. z
    # o.o.", "s.l."), then again on the tokens, for forms written without it ("co ltd").
    stripped = normalize_name(remove_org_types(folded, replacement=" ")) or ""
    tokens = remove_org_types(stripped, replacement=" ").split()
    while len(tokens) > 1 and tokens[-1] in _TRAILING:
        tokens.pop()
    return " ".join(tokens) or normalize_name(folded) or ""


def compact_key(key: str) -> str:
    """A key without spaces: "hua wei technologies" and "huawei technologies" meet here."""
    return key.replace(" ", "")


def cjk_key(text: str) -> str:
    """The Chinese characters of a name without legal-form words and brackets:
    ``"华为技术（德国）有限公司"`` -> ``"华为技术德国"``."""
    text = unicodedata.normalize("NFKC", text)
    for form in _CJK_FORMS:
        text = text.replace(form, "")
    return _NOT_CJK.sub("", text)


_TICKER = re.compile(r"^(?P<pre>(?:SZSE|SSE|SEHK|HKEX)\s*:\s*)?(?P<num>\d{3,6})(?P<post>\.(?:SZ|SS|SH|HK|CN))?$",
                     re.IGNORECASE)


def ticker_key(text: str) -> str | None:
    """The number of a stock code, without exchange or leading zeros: ``"SZSE:002415"``,
    ``"002415.SZ"`` and ``"002415"`` -> ``"2415"``; ``None`` for anything else.

    A bare number counts only in the six-digit form of Shenzhen and Shanghai codes; a shorter
    one ("763") needs its exchange ("763.HK", "SEHK:763"), as a bare 3-digit number in a
    supplier list is more likely a branch or lot number than a stock code.
    """
    match = _TICKER.match(text.strip())
    if not match or not (match.group("pre") or match.group("post") or len(match.group("num")) == 6):
        return None
    return match.group("num").lstrip("0") or "0"
