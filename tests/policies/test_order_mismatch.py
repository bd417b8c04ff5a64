"""A snapshot of order A does not judge an update or cancel of order B (issue 10, item 9).

The guard used to judge the request against whatever order it was given; now it refuses the
pair with an ``OrderMismatchError`` (a ``PayloadError``: unusable input) naming both orders.
"""

from __future__ import annotations

import pytest

from orderguard import Guard
from orderguard.enums import ApiVersion
from orderguard.errors import PayloadError
from orderguard.errors.exceptions import OrderMismatchError
from orderguard.samples import order_json, update_variables

A, B = "322-AAAA-AAAAAA", "322-BBBB-BBBBBB"


@pytest.mark.parametrize("version", list(ApiVersion))
def test_an_update_of_b_judged_with_a_is_refused_naming_both(version: ApiVersion) -> None:
    variables = update_variables(B, {"desiredExecutionState": "STARTED"}, version)
    with pytest.raises(OrderMismatchError) as raised:
        Guard(version).check_update(variables, order_json(A, version=version))
    assert (raised.value.requested, raised.value.given) == (B, A)
    assert A in str(raised.value) and B in str(raised.value)
    path = "orderIdentifier.orderId" if version is ApiVersion.V2024_11_01 else "input.orderId"
    assert [issue.path for issue in raised.value.issues] == [path]
    assert isinstance(raised.value, PayloadError)


@pytest.mark.parametrize("version", list(ApiVersion))
def test_a_cancel_of_b_judged_with_a_is_refused(version: ApiVersion) -> None:
    identifier = {"orderIdentifier": {"orderId": B}}
    variables = identifier if version is ApiVersion.V2024_11_01 else {"input": identifier}
    with pytest.raises(OrderMismatchError, match=B):
        Guard(version).check_cancel(variables, order_json(A, version=version))
    with pytest.raises(OrderMismatchError):
        Guard(version).enforce_cancel(variables, order_json(A, version=version))


def test_an_alias_the_order_does_not_carry_is_a_mismatch() -> None:
    order = order_json(A)
    order["data"]["order"]["aliases"] = [{"aliasType": "EXTERNAL_ID", "aliasId": "mine"}]
    theirs = {"orderIdentifier": {"alias": {"aliasType": "EXTERNAL_ID", "aliasId": "theirs"}}}
    with pytest.raises(OrderMismatchError, match="EXTERNAL_ID/theirs"):
        Guard().check_cancel(theirs, order)
    mine = {"orderIdentifier": {"alias": {"aliasType": "EXTERNAL_ID", "aliasId": "mine"}}}
    assert Guard().check_cancel(mine, order).allowed


def test_the_order_itself_is_judged_as_before() -> None:
    variables = update_variables(A, {"desiredExecutionState": "STARTED"})
    assert Guard().check_update(variables, order_json(A)).allowed
