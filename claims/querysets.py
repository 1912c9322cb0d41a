"""Reads that encode visibility, shared by the HTML views, the API and the exports."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class StatementQuerySet(models.QuerySet):
    def reviewed(self):
        return self.filter(review_status="accepted")

    def pending(self):
        return self.filter(review_status="pending")

    def visible_to(self, user):
        """Anonymous visitors see accepted statements (or all but rejected, if configured)."""
        if user is not None and user.is_authenticated:
            return self
        if settings.PUBLIC_SHOWS_PENDING:
            return self.exclude(review_status="rejected")
        return self.reviewed()


class IncidentQuerySet(models.QuerySet):
    def live(self):
        """Incidents that have not been merged into another one."""
        return self.filter(merged_into__isnull=True)

    def visible_to(self, user):
        qs = self.live()
        if user is not None and user.is_authenticated:
            return qs
        statement_model = self.model._meta.get_field("statements").related_model
        accepted = statement_model.objects.filter(incident=models.OuterRef("pk"), review_status="accepted")
        return qs.filter(~models.Q(status="draft") | models.Exists(accepted))
