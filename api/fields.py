"""Serializer fields that refuse a wrong JSON type instead of coercing it.

DRF turns 12 into "12", "5" into 5 and 1 into True; a JSON API should say the type is wrong, with
the usual 400 naming the field. Slugs with a NUL byte are refused before PostgreSQL sees them.
"""

from __future__ import annotations

from rest_framework import serializers
from rest_framework.fields import empty


class StrictCharField(serializers.CharField):
    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictIntegerField(serializers.IntegerField):
    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictBooleanField(serializers.BooleanField):
    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid")
        return data


class StrictPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("incorrect_type", data_type=type(data).__name__)
        return super().to_internal_value(data)


class StrictSlugRelatedField(serializers.SlugRelatedField):
    default_error_messages = {"blank": "Give a slug, or null for none: an empty string names nothing."}

    def run_validation(self, data=empty):
        # DRF's related fields quietly read "" as null; the schema promises a slug of one character or
        # more, so an empty string is refused rather than clearing the link.
        if data == "":
            self.fail("blank")
        return super().run_validation(data)

    def to_internal_value(self, data):
        # PostgreSQL refuses NUL in text; looking one up would be a 500 instead of a 400.
        if not isinstance(data, str) or "\x00" in data:
            self.fail("invalid")
        return super().to_internal_value(data)


class WebURLField(StrictCharField):
    """An http(s) URL for the server to fetch; the serializer's validator judges it in full (the schema
    says what it can of that: `api.schema.WebURLFieldExtension`)."""
