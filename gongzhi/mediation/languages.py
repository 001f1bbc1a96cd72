"""Language codes for parties and mediators: ISO 639-1 where there is one, with Chinese names."""

from __future__ import annotations

LANGUAGES: dict[str, str] = {
    "zh": "中文（普通话）",
    "wuu": "绍兴话（吴语）",
    "en": "英语",
    "ar": "阿拉伯语",
    "hi": "印地语",
    "ur": "乌尔都语",
    "fa": "波斯语（达里语）",
    "ps": "普什图语",
    "fr": "法语",
    "ru": "俄语",
    "es": "西班牙语",
    "pt": "葡萄牙语",
    "tr": "土耳其语",
    "ko": "韩语",
    "ja": "日语",
    "bn": "孟加拉语",
    "id": "印尼语",
    "ug": "维吾尔语",
    "bo": "藏语",
    "ii": "彝语",
}

_ALIASES: dict[str, str] = {
    "中文": "zh",
    "汉语": "zh",
    "普通话": "zh",
    "chinese": "zh",
    "mandarin": "zh",
    "绍兴话": "wuu",
    "吴语": "wuu",
    "英语": "en",
    "英文": "en",
    "english": "en",
    "阿拉伯语": "ar",
    "阿拉伯文": "ar",
    "arabic": "ar",
    "印地语": "hi",
    "hindi": "hi",
    "乌尔都语": "ur",
    "urdu": "ur",
    "波斯语": "fa",
    "达里语": "fa",
    "persian": "fa",
    "dari": "fa",
    "farsi": "fa",
    "普什图语": "ps",
    "pashto": "ps",
    "法语": "fr",
    "french": "fr",
    "俄语": "ru",
    "russian": "ru",
    "西班牙语": "es",
    "spanish": "es",
    "葡萄牙语": "pt",
    "portuguese": "pt",
    "土耳其语": "tr",
    "turkish": "tr",
    "韩语": "ko",
    "朝鲜语": "ko",
    "korean": "ko",
    "日语": "ja",
    "japanese": "ja",
    "孟加拉语": "bn",
    "bengali": "bn",
    "印尼语": "id",
    "indonesian": "id",
    "维吾尔语": "ug",
    "藏语": "bo",
    "彝语": "ii",
}


def language_code(text: str) -> str:
    """A code for a language given by code or name ("阿拉伯语", "Arabic", "ar"); "" when empty.

    An unknown name is kept as written (lower-cased), so it still matches itself.
    """
    value = (text or "").strip()
    if not value:
        return ""
    lowered = value.lower()
    if lowered in LANGUAGES:
        return lowered
    return _ALIASES.get(lowered, _ALIASES.get(value, lowered[:12]))


def language_label(code: str) -> str:
    return LANGUAGES.get(code, code)
