"""What an input value must be beyond its GraphQL type: one table, read by the guard and the fake.

A ``Constraint`` rides on a scalar type of the request models (``_scalars``) as annotation
metadata. pydantic-core enforces it in the guard's models (``core_keys``: native length, pattern
and range checks, nothing in Python on the fast path); the input schema carries it on each
field's ``TypeRef``, so the fake's coercion holds every value to the same constraint
(``problem``), and both say the same thing about a value that breaks it.

Where the reference gives no bound, the constraint is a decision (GAP), stated beside it.
``TextForm`` is a form a text must have (a ZIP code, a country code): the address rules and the
fake's address check read the same ones.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from decimal import Decimal, InvalidOperation
from typing import Any

import attrs

MAX_TEXT = 8192
"""GAP (§5: no string lengths documented, save the identity token's): the longest String or ID
any field takes. Decided: four times the longest documented limit (``idPToken``, 2048), so no
real value meets it and a runaway one (10 MB) is refused at its path."""
MAX_DECIMAL = Decimal(10) ** 12
"""GAP (no bound documented): the largest amount or quantity. Decided: one trillion, beyond any
real order, so sums stay exact and no decimal overflows (``1e5000`` is refused)."""


@attrs.frozen(slots=True)
class TextForm:
    """A form a whole text must have: an ASCII pattern (``[0-9]``, never a Unicode class)."""

    pattern: str
    expected: str
    _whole: Callable[[str], re.Match[str] | None] = attrs.field(
        init=False, repr=False, eq=False, hash=False
    )
    """The compiled pattern's ``fullmatch`` (a check per address: no regex cache lookup)."""

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_whole", re.compile(self.pattern).fullmatch)

    def fits(self, text: str) -> bool:
        """Whether all of ``text`` has the form."""
        return self._whole(text) is not None

    @property
    def anchored(self) -> str:
        """The pattern for a search-anywhere engine (pydantic-core's): the whole text only."""
        return f"^(?:{self.pattern})$"


US_ZIP = TextForm(r"[0-9]{5}(?:-[0-9]{4})?", "12345 or 12345-6789")
"""A US ZIP or ZIP+4 code in ASCII digits (a Unicode digit class takes Arabic-Indic ones too)."""
COUNTRY_CODE = TextForm(r"[A-Z]{2}", "ISO 3166 alpha-2, e.g. US")
"""§3.10: ``countryCode`` is ISO 3166, two letters (upper case, as ISO writes them)."""
CURRENCY_CODE = TextForm(r"[A-Z]{3}", "an ISO 4217 currency code: three upper-case letters (USD)")
"""GAP (§3.10 examples send ``USD``; the type's rules were not captured): decided, the ISO 4217
form, so ``""``, ``usd`` or ``US$`` are refused."""


@attrs.frozen(slots=True)
class Constraint:
    """What a scalar's values must be beyond their type: length and form, or a number's range.

    ``minimum`` is inclusive unless ``above_minimum``; ``whole`` asks for an integral number.
    """

    expected: str
    min_length: int | None = None
    max_length: int | None = None
    form: TextForm | None = None
    minimum: Decimal | None = None
    above_minimum: bool = False
    maximum: Decimal | None = None
    whole: bool = False
    nested: bool = False
    """The value is open JSON: ``max_length`` bounds every string and key inside it."""

    def core_keys(self) -> dict[str, Any]:
        """The constraint as pydantic-core keys of a ``str_schema`` or ``decimal_schema``."""
        keys: dict[str, Any] = {
            "min_length": self.min_length,
            "max_length": self.max_length,
            "pattern": self.form.anchored if self.form else None,
            "le": self.maximum,
            "decimal_places": 0 if self.whole else None,
        }
        if self.minimum is not None:
            keys["gt" if self.above_minimum else "ge"] = self.minimum
        return {key: value for key, value in keys.items() if value is not None}

    def problem(self, value: object) -> str | None:
        """Why ``value`` (a string, or a number as sent) breaks the constraint; ``None`` if not."""
        if self.nested:
            return open_json_problem(value, self.max_length or MAX_TEXT)
        if isinstance(value, str) and (self.form or self.max_length or self.min_length):
            return self._text_problem(value)
        if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
            return None  # the type check reports it
        try:
            number = Decimal(str(value)) if not isinstance(value, Decimal) else value
        except InvalidOperation:
            return None
        return self._number_problem(number)

    def _text_problem(self, text: str) -> str | None:
        if self.max_length is not None and len(text) > self.max_length:
            return f"holds {len(text)} characters; expected {self.expected}"
        if self.min_length is not None and len(text) < self.min_length:
            return f"is empty; expected {self.expected}"
        if self.form is not None and not self.form.fits(text):
            return f"{_shown(text)} is not {self.expected}"
        return None

    def _number_problem(self, number: Decimal) -> str | None:
        if not number.is_finite():
            return f"{number} is not {self.expected}"
        low = self.minimum
        below = low is not None and (number <= low if self.above_minimum else number < low)
        above = self.maximum is not None and number > self.maximum
        fraction = self.whole and number != number.to_integral_value()
        if below or above or fraction:
            return f"{_shown(str(number))} is not {self.expected}"
        return None


def _shown(text: str) -> str:
    """A value in a message, cut to a readable length."""
    return repr(text if len(text) <= 40 else text[:37] + "...")


TEXT = Constraint(f"a String of at most {MAX_TEXT} characters", max_length=MAX_TEXT)
"""Every String and ID (``MAX_TEXT``)."""
NON_EMPTY = Constraint(
    f"a non-empty String of at most {MAX_TEXT} characters", min_length=1, max_length=MAX_TEXT
)
"""GAP (the ID type allows ``""``): an alias's type and ID and an order ID name something, so
they are never empty (an empty alias cannot make a retry safe, an empty ID names no order)."""
CURRENCY = Constraint(CURRENCY_CODE.expected, form=CURRENCY_CODE)
"""``currencyCode`` of every amount."""
QUANTITY = Constraint(
    f"a whole number of units from 1 to {MAX_DECIMAL:,}",
    minimum=Decimal(1),
    maximum=MAX_DECIMAL,
    whole=True,
)
"""GAP (§3.2: ``AmountInput.value`` is a Decimal with a ``unit``, ``ONE`` in every example):
decided, a line's quantity counts items, so a whole number above zero whatever the unit
(``0.5`` or ``1e-30`` of an item is no quantity, and 1,000 lines of 0.01 would slip under the
20-unit cap); a refunded quantity likewise."""
AMOUNT = Constraint(f"an amount from 0 to {MAX_DECIMAL:,}", minimum=Decimal(0), maximum=MAX_DECIMAL)
"""GAP (no sign documented): decided, a price, charge, tax, total or payment is never negative
(a discount is a field of its own, not a negative price)."""
REFUND_AMOUNT = Constraint(
    f"an amount above 0, at most {MAX_DECIMAL:,}",
    minimum=Decimal(0),
    above_minimum=True,
    maximum=MAX_DECIMAL,
)
"""GAP: decided, a refund's running total (§3.9) is above zero: a refund of nothing is no refund
(a failed one says so with its ``state``, keeping the total it is for)."""


MAX_DEPTH = 32
"""GAP (the open input types were not captured): the deepest open JSON (``discounts``,
``deliveryFor``, ...) may nest. Decided: 32 levels, far beyond any documented shape, so no
reader of the request (the fake's, a JSON encoder) meets a recursion limit."""
OPEN = Constraint(
    f"JSON nested at most {MAX_DEPTH} levels, each text at most {MAX_TEXT} characters",
    max_length=MAX_TEXT,
    nested=True,
)
"""Open JSON (a type the reference leaves open): bounded in depth and in each string's length."""


def open_json_problem(value: object, limit: int = MAX_TEXT) -> str | None:
    """What breaks ``OPEN`` in ``value``: a text (or key) too long, or too deep; no recursion."""
    stack: list[tuple[str, object, int]] = [("", value, 0)]
    while stack:
        path, item, depth = stack.pop()
        if depth > MAX_DEPTH:
            return f"nests deeper than {MAX_DEPTH} levels (at {path})"
        if isinstance(item, str) and len(item) > limit:
            return f"the text at {path or '.'} holds {len(item)} characters; at most {limit}"
        inner: Iterator[tuple[str, object]] = iter(())
        if isinstance(item, dict):
            for key in item:
                if len(str(key)) > limit:
                    return f"a key at {path or '.'} holds {len(str(key))} characters"
            inner = ((f"{path}.{key}", child) for key, child in item.items())
        elif isinstance(item, list):
            inner = ((f"{path}[{index}]", child) for index, child in enumerate(item))
        stack.extend((where, child, depth + 1) for where, child in inner)
    return None
