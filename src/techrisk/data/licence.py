"""The data licence, stated once and attached to every export."""

DATA_LICENCE = (
    "techrisk registry data: CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/). "
    "Facts are attributed to the publications cited in each record's evidence; quotes remain "
    "the work of their publishers. Records citing AidData use AidData's Global Chinese "
    "Development Finance datasets (AidData at William & Mary), licensed ODC-By 1.0 "
    "(https://opendatacommons.org/licenses/by/1-0/)."
)
