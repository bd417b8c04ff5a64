"""The dialects' input tables name real fields, and each version's schema follows them."""

from __future__ import annotations

import typing

import attrs
import pytest

from orderguard.api import DIALECTS, Dialect, dialect_for, input_schema
from orderguard.api._requests import VARIABLE_MODELS
from orderguard.api.schema import InputModel
from orderguard.enums import ApiVersion, Operation

V11, V04 = ApiVersion.V2024_11_01, ApiVersion.V2024_04_01


def _model_fields() -> set[str]:
    """Every ``Type.field`` the request models hold (all versions' fields)."""
    found: set[str] = set()
    seen: set[type[InputModel]] = set()
    todo: list[type[InputModel]] = list(VARIABLE_MODELS.values())
    while todo:
        model = todo.pop()
        if model in seen:
            continue
        seen.add(model)
        for name, info in model.model_fields.items():
            found.add(f"{model.graphql_type}.{info.alias or name}")
            todo += _models_in(info.annotation)
    return found


def _models_in(annotation: object) -> list[type[InputModel]]:
    """The request models an annotation mentions (inside lists, unions, Annotated)."""
    if isinstance(annotation, type) and issubclass(annotation, InputModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models_in(arg)]


@pytest.mark.parametrize("version", list(ApiVersion))
def test_the_tables_name_fields_the_models_have(version: ApiVersion) -> None:
    """Absent and required fields are model fields; older spellings are not."""
    dialect, fields = dialect_for(version), _model_fields()
    assert set(dialect.absent_input_fields) <= fields
    assert dialect.required_input_fields <= fields
    assert not set(dialect.older_spellings) & fields


def test_each_version_lacks_exactly_the_other_versions_shapes() -> None:
    """What one version lacks the other has, except fields neither documents for it."""
    modern, older = (set(DIALECTS[v].absent_input_fields) for v in (V11, V04))
    assert not modern & older
    assert "OrderIdentifierInput.orderAlias" in modern and "OrderIdentifierInput.alias" in older
    assert "DeliveryOfferDetailsInput.deliveryTerms" in older
    assert DIALECTS[V11].absent_input_fields["UpdateOrderInput.orderId"] == (
        "the orderIdentifier argument"
    )


@pytest.mark.parametrize("version", list(ApiVersion))
def test_the_schema_follows_the_dialect(version: ApiVersion) -> None:
    """No absent field in the version's schema; its required ones are non-null; enums spelt."""
    dialect, schema = dialect_for(version), input_schema(version)
    for key in dialect.absent_input_fields:
        owner, _, field = key.partition(".")
        assert schema.types[owner].field(field) is None
    for key in dialect.required_input_fields:
        owner, _, field = key.partition(".")
        found = schema.types[owner].field(field)
        assert found is not None and found.required
    assert schema.enums["DeliveryProviderInput"] == (dialect.amazon_provider_spelling, "MERCHANT")
    assert set(schema.enums["RefundStateInput"]) == {s.value for s in dialect.refund_states}


def test_a_tightened_dialect_keeps_its_tables() -> None:
    """attrs.evolve recomputes the derived tables; the schema of an equal shape is shared."""
    strict = attrs.evolve(dialect_for(V11), max_order_aliases=2)
    assert (
        isinstance(strict, Dialect)
        and strict.absent_input_fields == dialect_for(V11).absent_input_fields
    )
    assert input_schema(strict) is input_schema(V11)
    assert input_schema(V11).arguments(Operation.ORDER).field("orderIdentifier") is not None
