"""Tests of the error catalog against the API's tables, and of its lookups."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from orderguard.enums import Operation
from orderguard.errors import CATALOG, Catalog, ErrorSpec, RetryPolicy
from tests.helpers.seed import SEED_ROWS, SeedRow

C, U, Q, X = (
    Operation.CREATE_ORDER,
    Operation.UPDATE_ORDER,
    Operation.ORDER,
    Operation.CANCEL_ORDER,
)

REFUND_CODES = (
    "MissingRefundId",
    "InvalidRefundId",
    "DuplicateRefundId",
    "InvalidRefundStateTransition",
    "DuplicateAliasId",
    "InvalidAliasId",
    "InvalidRefundRequestReasonUpdate",
)
"""Reference §7.3: the refund codes of updateOrder, all ValidationError."""

INFERRED = {(X, t, None) for t in ("AccessDeniedError", "InternalServerError", "ThrottlingError")}
INFERRED |= {(op, "ResourceNotFoundError", None) for op in (U, Q, X)}
"""API answers no captured table lists: cancelOrder's server-side errors (§7.5) and the
not-found type for an unknown order (§7.6)."""


def row_id(row: SeedRow) -> str:
    return f"{row.operation.value}-{row.code or row.error_type}"


@pytest.mark.parametrize("row", SEED_ROWS, ids=row_id)
def test_every_seed_row_has_its_entry(row: SeedRow) -> None:
    """Each seed row has a documented entry with exactly its type and code (N/A as None)."""
    spec = CATALOG.find(*row)
    assert spec is not None
    assert (spec.operation, spec.error_type, spec.code) == row


def test_seed_table_is_the_expected_size() -> None:
    """The copied seed table holds its 21 createOrder, 11 updateOrder and 3 order rows."""
    counts = {op: sum(row.operation is op for row in SEED_ROWS) for op in (C, U, Q)}
    assert counts == {C: 21, U: 11, Q: 3}


@pytest.mark.parametrize("code", REFUND_CODES)
def test_every_refund_code_is_an_update_order_validation_error(code: str) -> None:
    """The seven refund codes of §7.3 are documented ValidationErrors of updateOrder."""
    assert CATALOG.find(U, "ValidationError", code) is not None


def test_documented_entries_are_exactly_the_tables_rows() -> None:
    """documentedCode is true for the seed's rows and §7.3's refund codes, and for no other."""
    tables = {tuple(row) for row in SEED_ROWS}
    tables |= {(U, "ValidationError", code) for code in REFUND_CODES}
    documented = {spec.key for spec in CATALOG.specs() if spec.documented_code}
    assert documented == tables


def test_inferred_entries_are_the_named_inferences() -> None:
    """Only cancelOrder's server-side rows and the not-found type are inferred API answers."""
    inferred = {spec.key for spec in CATALOG.specs() if spec.inferred}
    assert inferred == INFERRED
    assert all(not spec.documented_code for spec in CATALOG.specs() if spec.inferred)


def test_find_matches_inferred_answers_but_not_orderguards_names() -> None:
    """find maps the API's cancelOrder throttling to its inferred row, never to an own entry."""
    assert CATALOG.find(X, "ThrottlingError", None) == CATALOG.get_spec(X, "ThrottlingError")
    assert CATALOG.find(U, "SchemaError", None) is None


@pytest.mark.parametrize("operation", list(Operation))
def test_access_denied_says_fix_then_retry(operation: Operation) -> None:
    """AccessDeniedError on every operation: fix the credentials or the order, then retry."""
    spec = CATALOG.get_spec(operation, "AccessDeniedError")
    assert spec.retry is RetryPolicy.RETRY_AFTER_FIX
    assert "again" in spec.suggested_action


def test_access_denied_speaks_of_its_operation() -> None:
    """createOrder's access row speaks of creating; the others of the order they address."""
    create = CATALOG.get_spec(C, "AccessDeniedError")
    assert "create" in create.description and "order ID" not in create.suggested_action
    for operation in (U, Q, X):
        assert "order ID" in CATALOG.get_spec(operation, "AccessDeniedError").suggested_action


MUTATIONS = ("createOrder", "updateOrder", "cancelOrder")
OTHER_OPERATION_MENTIONS = {(Q, "createOrder")}
"""Where an entry may name another operation: the order query recovers a lost createOrder."""


@pytest.mark.parametrize("spec", CATALOG.specs(), ids=lambda spec: f"{spec.operation}-{spec.name}")
def test_each_entry_speaks_of_its_own_operation(spec: ErrorSpec) -> None:
    """No entry's text names a mutation other than its own (one documented exception)."""
    text = f"{spec.description} {spec.suggested_action}"
    named = {name for name in MUTATIONS if name in text and name != spec.operation.value}
    assert {(spec.operation, name) for name in named} <= OTHER_OPERATION_MENTIONS


@pytest.mark.parametrize(
    ("operation", "name", "words"),
    [
        (C, "OrderQuantityLimitExceeded", ("20", "2024-11-01", "40")),
        (X, "CancellationAliasLimitExceeded", ("five", "2024-11-01")),
        (U, "InvalidRefundRequestReasonUpdate", ("2024-11-01",)),
        (U, "InvalidRefundStateTransition", ("2024-11-01", "REJECTED")),
        (C, "ShopperNotPrime", ("MERCHANT", "2024-11-01")),
    ],
)
def test_version_dependent_entries_describe_each_version(
    operation: Operation, name: str, words: tuple[str, ...]
) -> None:
    """An entry whose limit or field differs between versions says how, naming the version."""
    spec = CATALOG.get_spec(operation, name)
    text = f"{spec.description} {spec.suggested_action}"
    assert [word for word in words if word not in text] == []


def test_locally_detectable_entries_are_the_validation_and_schema_rows() -> None:
    """Validation errors and schema misfits are detectable before sending; the others are not."""
    local = {spec.error_type for spec in CATALOG.specs() if spec.locally_detectable}
    remote = {spec.error_type for spec in CATALOG.specs() if not spec.locally_detectable}
    assert local == {"ValidationError", "SchemaError"}
    assert "ThrottlingError" in remote and "ConflictError" in remote


@pytest.mark.parametrize("operation", list(Operation))
def test_throttling_retries_with_backoff(operation: Operation) -> None:
    """ThrottlingError on every operation says retry with backoff."""
    assert CATALOG.get_spec(operation, "ThrottlingError").retry is RetryPolicy.RETRY_WITH_BACKOFF


@pytest.mark.parametrize("operation", list(Operation))
def test_internal_server_error_has_no_client_action(operation: Operation) -> None:
    """InternalServerError on every operation has retry policy none."""
    assert CATALOG.get_spec(operation, "InternalServerError").retry is RetryPolicy.NONE


def test_update_order_conflict_exception_retries() -> None:
    """updateOrder's ConflictException (an update in flight) says retry."""
    assert CATALOG.get_spec(U, "ConflictException").retry is RetryPolicy.RETRY


@pytest.mark.parametrize("name", ["ConflictError", "AliasValueAlreadyExists"])
def test_create_order_alias_clashes_recover_by_alias(name: str) -> None:
    """createOrder's ConflictError and AliasValueAlreadyExists say fetch the order by alias."""
    assert CATALOG.get_spec(C, name).retry is RetryPolicy.RECOVER_BY_ALIAS


def test_other_validation_errors_do_not_retry() -> None:
    """Every ValidationError but createOrder's alias clash says do not retry."""
    validation = [spec for spec in CATALOG.specs() if spec.error_type == "ValidationError"]
    retried = [spec.key for spec in validation if spec.retry is not RetryPolicy.DO_NOT_RETRY]
    assert retried == [(C, "ValidationError", "AliasValueAlreadyExists")]


def test_every_entry_says_what_it_means_and_what_to_do() -> None:
    """No entry has an empty description or suggested action."""
    assert all(spec.description and spec.suggested_action for spec in CATALOG.specs())


def test_find_ignores_orderguards_own_entries() -> None:
    """find returns only API answers: cancelOrder's prose preconditions are not matched."""
    assert CATALOG.find(X, "ValidationError", None) is None
    assert CATALOG.get_spec(X, "CancellationRequiresPendingPackages").documented_code is False


def test_get_spec_names_what_is_missing() -> None:
    """get_spec raises KeyError naming the entry and the operation."""
    with pytest.raises(KeyError, match="'Nope' for order"):
        CATALOG.get_spec(Q, "Nope")


def test_catalog_is_a_mapping_by_operation_and_name() -> None:
    """The catalog maps (operation, name) to the entry and iterates in table order."""
    assert CATALOG[(U, "DuplicateRefundId")].code == "DuplicateRefundId"
    assert list(CATALOG) == [(spec.operation, spec.name) for spec in CATALOG.specs()]
    assert len(CATALOG) == len(CATALOG.specs())


def test_duplicate_names_are_refused() -> None:
    """Two entries with one (operation, name) make the catalog refuse to build."""
    spec = CATALOG.get_spec(Q, "ThrottlingError")
    with pytest.raises(ValueError, match="same"):
        Catalog((spec, spec))


def test_name_defaults_to_code_then_type() -> None:
    """An entry's name is its code, or its type for an N/A row."""
    assert CATALOG.get_spec(U, "DuplicateRefundId").name == "DuplicateRefundId"
    assert CATALOG.find(Q, "AccessDeniedError", None) == CATALOG.get_spec(Q, "AccessDeniedError")


def test_to_json_uses_the_api_spelling() -> None:
    """to_json gives camelCase keys, the code as null for N/A, and the policy's value."""
    document = CATALOG.get_spec(C, "ConflictError").to_json()
    assert document["errorType"] == "ConflictError"
    assert document["errorCode"] is None
    assert document["retryPolicy"] == "recover-by-alias"
    assert document["operation"] == "createOrder"


def test_names_are_sorted_and_distinct() -> None:
    """names() lists every name once, sorted."""
    names = CATALOG.names()
    assert list(names) == sorted(set(names)) and "DuplicateRefundId" in names


@given(st.sampled_from(CATALOG.specs()), st.data())
def test_named_matches_any_case_of_name_type_or_code(spec: ErrorSpec, data: st.DataObject) -> None:
    """named() finds an entry by its name, type or code in any letter case."""
    text = data.draw(st.sampled_from([t for t in (spec.name, spec.error_type, spec.code) if t]))
    flips = data.draw(st.lists(st.booleans(), min_size=len(text), max_size=len(text)))
    cased = "".join(c.swapcase() if flip else c for c, flip in zip(text, flips, strict=True))
    assert spec in CATALOG.named(cased)


def test_named_matches_nothing_for_an_empty_name() -> None:
    """An empty name matches no entry."""
    assert CATALOG.named("") == ()
