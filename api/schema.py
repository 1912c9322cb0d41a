"""OpenAPI: what every operation does the same way, said once in the schema, and the limits the
server enforces, taken from the fields and filters that enforce them.

`schema_postprocess` is a drf-spectacular hook (SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"]); it
only adds to the generated schema (descriptions, limits, response headers, the empty string where
a field can hold one), never removes an operation or a field. The extensions (loaded by `api.apps`)
give each filter parameter the bounds its form field checks (`max_length`, `min_value` …) and each
URL to fetch its scheme.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent, force_instance
from rest_framework import serializers

from api.views import JSON_MAX_DEPTH

#: Filter arguments the form field enforces → the JSON Schema keyword that says the same.
FILTER_LIMITS = {"max_length": "maxLength", "min_length": "minLength", "min_value": "minimum", "max_value": "maximum"}
BLANK_ENUM = "#/components/schemas/BlankEnum"


class LimitedFilterExtension(DjangoFilterExtension):
    """drf-spectacular's django-filter support, plus each filter's bounds: a longer `q` is a 400, so
    the schema says maxLength (a client generated from it then never sends one)."""

    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        parameters = super().resolve_filter_field(auto_schema, model, filterset_class, field_name, filter_field)
        limits = {key: filter_field.extra[arg] for arg, key in FILTER_LIMITS.items() if filter_field.extra.get(arg)}
        for parameter in parameters:
            schema = parameter["schema"]
            target = schema.get("items", schema) if schema.get("type") == "array" else schema
            for key, value in limits.items():
                target.setdefault(key, value)
        return parameters


#: The shape of every URL the server accepts to fetch (Django's URLValidator, after trimming white
#: space, with no user name): http or https, then a host that has a dot (a domain with its TLD, an
#: IPv4 address), is an [IPv6] literal or is localhost, a port, a path. It is a necessary condition
#: only — the server also refuses private addresses and malformed labels, which a pattern cannot say
#: — so anything that does not match it is refused.
WEB_URL_PATTERN = (
    r"^\s*[Hh][Tt][Tt][Pp][Ss]?://"
    r"([^\s/?#@\[\]:]*\.[^\s/?#@\[\]:]*|\[[^\s/?#@\]]+\]|[Ll][Oo][Cc][Aa][Ll][Hh][Oo][Ss][Tt])"
    r"(:[0-9]{1,5})?([/?#]\S*)?\s*$"
)


class WebURLFieldExtension(OpenApiSerializerFieldExtension):
    """`api.fields.WebURLField` is a string of WEB_URL_PATTERN's shape (or blank, where allowed)."""

    target_class = "api.fields.WebURLField"

    def map_serializer_field(self, auto_schema, direction):
        schema = auto_schema._map_serializer_field(self.target, direction, bypass_extensions=True)
        # drf-spectacular puts a blank-allowed field with a pattern in oneOf with the empty string; white
        # space alone (trimmed to blank) belongs to this branch, "" to the other only.
        schema["pattern"] = f"^\\s+$|{WEB_URL_PATTERN}" if self.target.allow_blank else WEB_URL_PATTERN
        return schema


def _may_be_blank(field: serializers.Field) -> bool:
    """Whether `field` can hold the empty string: it allows blank input, or it shows (read only) a
    model text field that may be blank — DRF drops `allow_blank` from read-only fields."""
    if getattr(field, "allow_blank", False):
        return True
    model = getattr(getattr(field.parent, "Meta", None), "model", None)
    if not field.read_only or model is None or not field.source or "." in field.source or field.source == "*":
        return False
    try:
        model_field = model._meta.get_field(field.source)
    except FieldDoesNotExist:
        return False
    return model_field.blank and isinstance(model_field, models.CharField | models.TextField)


def _allow_empty_string(prop: dict) -> bool:
    """Let `prop` take "" where its format, enum or minimum length refuses it; True if it used BlankEnum."""
    refs = prop.get("allOf") or []
    if len(refs) == 1 and refs[0].get("$ref", "").endswith("Enum"):
        prop["oneOf"] = [prop.pop("allOf")[0], {"$ref": BLANK_ENUM}]
        return True
    if "format" in prop:
        # The form drf-spectacular itself gives a blank-allowed URLField that can be written.
        kept = {key: prop.pop(key) for key in ("type", "format", "maxLength") if key in prop}
        prop["oneOf"] = [kept, {"type": "string", "maxLength": 0}]
    if prop.get("minLength"):
        del prop["minLength"]
    return False


def _blank_strings(result: dict, generator) -> None:
    """Say "" wherever a serializer's string field can give or take it (an article's `url` and
    `canonical_url` for pasted text, its `step` once the pipeline has finished)."""
    schemas = result.get("components", {}).get("schemas", {})
    # The registry maps each component to the serializer it was built from (no public accessor).
    for component in list(generator.registry._components.values()):
        schema = schemas.get(component.name)
        if component.type != ResolvedComponent.SCHEMA or not schema or "properties" not in schema:
            continue
        try:
            fields = force_instance(component.object).fields
        except (AttributeError, TypeError, AssertionError):
            continue
        for name, prop in schema["properties"].items():
            field = fields.get(name)
            if field is None or not _may_be_blank(field) or "oneOf" in prop or "enum" in prop:
                continue
            if _allow_empty_string(prop):
                schemas.setdefault("BlankEnum", {"enum": [""]})


def _body_limits(result: dict) -> None:
    """Name the request-body limits the parser enforces where the schema can only say them in words."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            if not isinstance(operation, dict):
                continue
            body = operation.get("requestBody")
            if body and "application/json" in body.get("content", {}):
                body.setdefault(
                    "description", f"JSON of at most {limit:,} bytes, nested at most {JSON_MAX_DEPTH} levels deep."
                )
            too_large = operation.get("responses", {}).get("413")
            if too_large:
                too_large["description"] = f"The request body is larger than {limit:,} bytes."


def _header(description: str, schema_type: str = "string") -> dict:
    return {"description": description, "schema": {"type": schema_type}, "required": True}


#: Descriptions of the fields that mean the same wherever they appear, for the schema properties
#: that do not carry their own (a test checks that every property ends up described).
FIELD_DESCRIPTIONS = {
    "aliases": "Other spellings and names it is known by.",
    "article": "The article the statement was found in (null for one entered by hand).",
    "attempts": "How many times the pipeline has tried to process it.",
    "author": "The byline, if the article gives one.",
    "blame": "For each side, which sides its statements blame and how often.",
    "blamed_side": "The side the statement blames, if any.",
    "blames": "The sides blamed, most often first, with counts.",
    "canonical_url": "The article's canonical URL (used to recognise duplicates).",
    "captured": "Number captured as [low, high], or null.",
    "casualties": "Casualty figures given by the statement, one per party.",
    "civilian": "True for civilians, false for military or security forces.",
    "columns": "The sides whose accounts are compared, in column order.",
    "confidence": "How sure the extraction is of the attribution, from 0 to 1.",
    "content": "What was claimed, in short.",
    "count": "How many there are.",
    "country": "ISO 3166 two-letter country code, if known.",
    "created_at": "When it was created (ISO 8601).",
    "cue": "Reporting verb or phrase: said, denied, according to …",
    "date_precision": "How precise the dates are: day, week, month, year or unknown.",
    "description": "A longer description.",
    "display_order": "Position of the side's column (lowest first).",
    "domains": "Web domains the outlet publishes on.",
    "duplicate_of": "Id of the article this one duplicates, if any.",
    "end": "Offset in the article text just after the sentence.",
    "end_date": "Last day of the incident, if it lasted more than a day.",
    "event_date": "When the claimed event happened, as far as the statement says.",
    "failure_count": "Polls that failed in a row (the interval backs off).",
    "homepage": "The outlet's home page.",
    "id": "Numeric identifier.",
    "incident_confidence": "How sure the link to the incident is, from 0 to 1.",
    "killed": "Number killed as [low, high], or null.",
    "kind": "What kind of thing it is.",
    "label": "The same, as a person reads it.",
    "language": "Language code detected in the text.",
    "last_error": "Why the last poll failed, if it did.",
    "last_polled_at": "When the feed was last polled.",
    "latitude": "Latitude in decimal degrees (WGS 84).",
    "longitude": "Longitude in decimal degrees (WGS 84).",
    "measures": "The counts compared: killed, wounded, captured, missing.",
    "merged_into": "Id of the incident this one was merged into, if any.",
    "missing": "Number missing as [low, high], or null.",
    "name": "Display name.",
    "next": "URL of the next page, or null on the last page.",
    "next_poll_at": "When the feed is due to be polled again.",
    "outlet": "The publisher.",
    "outlet_name": "The publisher's name, if the text does not say.",
    "pipeline_version": "Version of the extraction pipeline that produced it.",
    "places": "Places named.",
    "previous": "URL of the previous page, or null on the first page.",
    "processed_at": "When the pipeline finished with it.",
    "published": "Publication date (YYYY-MM-DD).",
    "reason": "Why the link was suggested or made.",
    "region": "Region or province.",
    "results": "The items of this page.",
    "review_status_label": "The review status as a person reads it.",
    "role": "The person's or body's role, e.g. 'spokesperson'.",
    "rows": "One row per party (side, civilian or military).",
    "side": "The side, by slug or as an object with its slug, name and colour.",
    "slug": "Stable identifier used in URLs and filters.",
    "source": "How the article arrived: feed, url, text, file or bulk.",
    "speaker": "The speaker as the article writes it.",
    "stance_label": "The stance as a person reads it.",
    "start_date": "First day of the incident.",
    "statements": "Statements, in reading order.",
    "status": "Where it stands.",
    "status_label": "The status as a person reads it.",
    "summary": "A neutral summary of what happened.",
    "title": "Title.",
    "updated_at": "When it last changed (ISO 8601).",
    "version": "Bumped on every edit; part of what the ETag reflects.",
    "when": "When the change was made.",
    "word_count": "Number of words in the clean text.",
    "wounded": "Number wounded as [low, high], or null.",
}


def schema_postprocess(result, generator, request, public):
    """Say in the schema what every operation does the same way: empty query values are refused
    (minLength 1), JSON answers carry an ETag, a 429 carries Retry-After, a 202 a Location; describe
    the common fields that have no description of their own; allow "" where a field can hold it;
    and name the request-body limits."""
    for component_name, component in result.get("components", {}).get("schemas", {}).items():
        if component_name.startswith("Paginated"):
            component.setdefault("description", "One page of results, with links to the next and previous pages.")
        elif component_name == "BlankEnum":
            component.setdefault("description", "The empty string: the value is not known (yet).")
        for name, prop in (component.get("properties") or {}).items():
            if "description" not in prop and name in FIELD_DESCRIPTIONS:
                prop["description"] = FIELD_DESCRIPTIONS[name]
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if not isinstance(operation, dict):
                continue
            for parameter in operation.get("parameters", []):
                if parameter.get("in") != "query":
                    continue
                schema = parameter.get("schema", {})
                target = schema.get("items", schema) if schema.get("type") == "array" else schema
                if target.get("type") == "string" and "enum" not in target:
                    target.setdefault("minLength", 1)
            responses = operation.get("responses", {})
            ok = responses.get("200", {})
            if method in ("get", "patch") and "application/json" in ok.get("content", {}):
                ok.setdefault("headers", {})["ETag"] = _header(
                    "Hash of this representation: send it in If-None-Match (304 if unchanged) or If-Match."
                )
            if "429" in responses:
                responses["429"].setdefault("headers", {})["Retry-After"] = _header(
                    "Seconds to wait before the next request.", "integer"
                )
            if "202" in responses:
                responses["202"].setdefault("headers", {})["Location"] = _header("The article's status URL.")
    _blank_strings(result, generator)
    _body_limits(result)
    return result
