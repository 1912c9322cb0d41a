"""Serializer fields that refuse a wrong JSON type instead of coercing it.

DRF turns 12 into "12", "5" into 5 and 1 into True; a JSON API should say the type is wrong, with
the usual 400 naming the field. Slugs with a NUL byte are refused before PostgreSQL sees them.
"""

from __future__ import annotations

from rest_framework import serializers


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
    def to_internal_value(self, data):
        # PostgreSQL refuses NUL in text; looking one up would be a 500 instead of a 400.
        if not isinstance(data, str) or "\x00" in data:
            self.fail("invalid")
        return super().to_internal_value(data)


class WebURLField(StrictCharField):
    """An http(s) URL for the server to fetch; the serializer's validator judges it in full (the schema
    says what it can of that: `api.schema.WebURLFieldExtension`)."""
