"""The OpenAPI 3.1 document of the service's ``/v1`` API, served at ``/v1/openapi.json``.

Written out by hand from the contracts (DESIGN §7): the check item and the decision are the
``check --batch`` line and answer; the event result is ``orderguard events apply``'s line. A test
holds the document's paths equal to the app's ``/v1`` routes.
"""

from __future__ import annotations

from typing import Any

from orderguard import __version__
from orderguard.enums import ApiVersion, Operation
from orderguard.service._judge import ITEM_FIELDS
from orderguard.statemachine import Outcome

JSON = dict[str, Any]

_MUTATIONS = [op.value for op in Operation if op is not Operation.ORDER]


def _ref(name: str) -> JSON:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: JSON, description: str) -> JSON:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


_ERROR = _json(_ref("Error"), "the request could not be used")

_SCHEMAS: JSON = {
    "CheckItem": {
        "type": "object",
        "required": ["operation", "request"],
        "additionalProperties": False,
        "properties": {
            "id": {"type": ["string", "number", "null"], "description": "echoed in the answer"},
            "operation": {"enum": _MUTATIONS},
            "request": {"type": "object", "description": "the mutation's GraphQL variables"},
            "order": {"type": ["object", "null"], "description": "the order query's JSON"},
            "context": {"type": ["object", "null"], "description": "the merchant's facts"},
        },
    },
    "Violation": {
        "type": "object",
        "properties": {
            "errorType": {"type": "string"},
            "errorCode": {"type": ["string", "null"], "description": "null where the API has none"},
            "name": {"type": "string", "description": "the catalog entry's name"},
            "path": {"type": "string"},
            "message": {"type": "string"},
            "suggestedAction": {"type": "string"},
            "severity": {"enum": ["error", "warning"]},
        },
    },
    "Decision": {
        "type": "object",
        "required": ["operation", "apiVersion", "allowed", "violations", "skipped"],
        "properties": {
            "id": {"type": ["string", "number", "null"]},
            "operation": {"enum": _MUTATIONS},
            "apiVersion": {"enum": [v.value for v in ApiVersion]},
            "allowed": {"type": "boolean"},
            "violations": {"type": "array", "items": _ref("Violation")},
            "skipped": {
                "type": "array",
                "items": {"type": "string"},
                "description": "rules that could not run for lack of the order or the context",
            },
            "error": {"type": "string", "description": "in a batch: why this item is unusable"},
        },
    },
    "EventResult": {
        "type": "object",
        "properties": {
            "orderId": {"type": "string"},
            "eventId": {"type": ["string", "null"]},
            "outcome": {"enum": [o.value for o in Outcome]},
            "detail": {"type": "string"},
            "index": {"type": "integer", "description": "an unusable event's place in the batch"},
            "error": {"type": "string"},
        },
    },
    "Error": {"type": "object", "properties": {"error": {"type": "string"}}},
}

_CHECK = {
    "post": {
        "summary": "Whether the Order API would accept a mutation (the decision of check)",
        "parameters": [
            {
                "name": "x-api-version",
                "in": "header",
                "schema": {"enum": [v.value for v in ApiVersion]},
            }
        ],
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": {
                        "oneOf": [
                            _ref("CheckItem"),
                            {"type": "array", "items": _ref("CheckItem")},
                        ]
                    }
                }
            },
        },
        "responses": {
            "200": _json(
                {"oneOf": [_ref("Decision"), {"type": "array", "items": _ref("Decision")}]},
                "the decision (one per item for an array)",
            ),
            "400": _ERROR,
            "413": _ERROR,
            "415": _ERROR,
        },
    }
}

_EVENTS = {
    "post": {
        "summary": "Take in Buy with Prime events (webhook or EventBridge JSON, one or an array)",
        "security": [{"sharedSecret": []}, {"basic": []}],
        "requestBody": {"required": True, "content": {"application/json": {"schema": {}}}},
        "responses": {
            "200": _json(
                {
                    "type": "object",
                    "properties": {"results": {"type": "array", "items": _ref("EventResult")}},
                },
                "one result per event",
            ),
            "400": _ERROR,
            "401": _ERROR,
            "403": _ERROR,
            "413": _ERROR,
            "415": _ERROR,
        },
    }
}

_ORDER = {
    "get": {
        "summary": "The order as the store holds it, and its history",
        "parameters": [
            {"name": "orderId", "in": "path", "required": True, "schema": {"type": "string"}}
        ],
        "responses": {
            "200": _json(
                {
                    "type": "object",
                    "properties": {
                        "order": {"type": "object", "description": "order query JSON + version"},
                        "history": {"type": "array", "items": {"type": "object"}},
                    },
                },
                "the order and its history, oldest first",
            ),
            "404": _ERROR,
        },
    }
}


def openapi(secret_header: str = "x-api-key") -> JSON:
    """The document, naming ``secret_header`` as the shared-secret header of event intake."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "orderguard decision service",
            "version": __version__,
            "description": "The guard of the Buy with Prime Order API over HTTP. Check items "
            f"carry {', '.join(ITEM_FIELDS)}. The guarding proxy itself is POST /graphql, in "
            "the Order API's own contract.",
        },
        "paths": {
            "/v1/check": _CHECK,
            "/v1/events": _EVENTS,
            "/v1/orders/{orderId}": _ORDER,
            "/v1/openapi.json": {
                "get": {"summary": "This document", "responses": {"200": {"description": "it"}}}
            },
        },
        "components": {
            "schemas": _SCHEMAS,
            "securitySchemes": {
                "sharedSecret": {"type": "apiKey", "in": "header", "name": secret_header},
                "basic": {"type": "http", "scheme": "basic"},
            },
        },
    }
