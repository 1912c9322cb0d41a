"""Forms of the editors' pages. They only shape input; the services validate and write."""

from __future__ import annotations

import django_filters
from django import forms
from django.forms.models import model_to_dict

from claims.errors import InvalidChange
from claims.models import (
    Actor,
    DatePrecision,
    Incident,
    IncidentKind,
    IncidentStatus,
    Place,
    RelationKind,
    Side,
    Stance,
    Statement,
)
from claims.selectors.casualties import estimate, estimate_display
from claims.services._clean import CASUALTY_COUNTS, as_count
from sources.models import Outlet

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class QueueFilter(django_filters.FilterSet):
    """Filters of the review queue."""

    incident = django_filters.ModelChoiceFilter(
        queryset=Incident.objects.live().order_by("-start_date", "-pk"), empty_label="Any incident"
    )
    side = django_filters.ModelChoiceFilter(queryset=Side.objects.all(), to_field_name="slug", empty_label="Any side")
    outlet = django_filters.ModelChoiceFilter(
        field_name="article__outlet",
        queryset=Outlet.objects.order_by("name"),
        to_field_name="slug",
        empty_label="Any outlet",
    )

    class Meta:
        model = Statement
        fields: list[str] = []


def _limit(model, name: str) -> int:
    return model._meta.get_field(name).max_length


class _EditForm(forms.Form):
    """An edit form: guarded by the version the editor saw; `changes()` holds only what they changed."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def changes(self) -> dict:
        """What the editor changed, as values for the update service (statement_update, incident_update)."""
        return {
            name: self.service_value(name, self.cleaned_data[name]) for name in self.changed_data if name != "version"
        }

    def service_value(self, name: str, value):
        return value


class StatementForm(_EditForm):
    speaker = forms.CharField(max_length=_limit(Statement, "speaker"), help_text="As the article writes it.")
    actor = forms.ModelChoiceField(queryset=Actor.objects.order_by("name"), required=False)
    side = forms.ModelChoiceField(
        queryset=Side.objects.all(), to_field_name="slug", required=False, empty_label="Not identified"
    )
    cue = forms.CharField(
        max_length=_limit(Statement, "cue"), required=False, help_text="said, claimed, denied, according to…"
    )
    stance = forms.ChoiceField(choices=Stance.choices)
    content = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    event_date = forms.DateField(widget=DATE, required=False)
    blamed_side = forms.ModelChoiceField(
        queryset=Side.objects.all(), to_field_name="slug", required=False, empty_label="Nobody"
    )
    incident = forms.ModelChoiceField(
        queryset=Incident.objects.live().order_by("-start_date", "-pk"), required=False, empty_label="No incident"
    )

    @staticmethod
    def initial_for(statement: Statement) -> dict:
        return {
            "version": statement.version,
            "speaker": statement.speaker,
            "actor": statement.actor_id,
            "side": statement.side.slug if statement.side_id else None,
            "cue": statement.cue,
            "stance": statement.stance,
            "content": statement.content,
            "event_date": statement.event_date,
            "blamed_side": statement.blamed_side.slug if statement.blamed_side_id else None,
            "incident": statement.incident_id,
        }

    def service_value(self, name: str, value):
        return value.pk if isinstance(value, Actor | Incident) else value


def _count_field(label: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 5, "placeholder": "–"}),
    )


class CasualtyForm(forms.Form):
    """One party's figures; a count is a number ("3"), a range ("2-5") or qualified as the source did
    ("at least 5", "up to 20", "about 30"), so an edit keeps the source's bounds."""

    party = forms.ChoiceField(required=False)
    civilian = forms.BooleanField(required=False)
    killed = _count_field("Killed")
    wounded = _count_field("Wounded")
    captured = _count_field("Captured")
    missing = _count_field("Missing")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].choices = [("", "Unknown party"), *Side.objects.values_list("slug", "name")]

    def _clean_count(self, name: str) -> str:
        value = self.cleaned_data.get(name, "")
        try:
            as_count(value, name)
        except InvalidChange as exc:
            raise forms.ValidationError(exc.message) from None
        return value

    def clean_killed(self):
        return self._clean_count("killed")

    def clean_wounded(self):
        return self._clean_count("wounded")

    def clean_captured(self):
        return self._clean_count("captured")

    def clean_missing(self):
        return self._clean_count("missing")


CasualtyFormSet = forms.formset_factory(CasualtyForm, extra=1, max_num=12)


def casualty_initial(statement: Statement) -> list[dict]:
    rows = []
    for figure in statement.casualties.select_related("party_side").order_by("pk"):
        row = {"party": figure.party_side.slug if figure.party_side_id else "", "civilian": figure.civilian}
        for count in CASUALTY_COUNTS:
            low, high = getattr(figure, f"{count}_low"), getattr(figure, f"{count}_high")
            row[count] = estimate_display(estimate(low, high, figure.bounds.get(count))).replace("–", "-")
        rows.append(row)
    return rows


def casualty_changes(formset) -> list[dict]:
    return [
        {
            "party": form.cleaned_data.get("party") or None,
            **{k: form.cleaned_data.get(k) for k in ("civilian", *CASUALTY_COUNTS)},
        }
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


class RelationForm(forms.Form):
    kind = forms.ChoiceField(choices=RelationKind.choices, label="This statement")
    target = forms.ModelChoiceField(queryset=Statement.objects.none(), label="the statement")

    def __init__(self, *args, statement: Statement, **kwargs):
        super().__init__(*args, **kwargs)
        candidates = Statement.objects.exclude(pk=statement.pk).select_related("side")
        if statement.incident_id:
            self.fields["target"].queryset = candidates.filter(incident_id=statement.incident_id).order_by(
                "article_id", "start", "pk"
            )
            self.fields["target"].label_from_instance = _statement_label
        else:
            self.fields["target"].queryset = candidates
            self.fields["target"].widget = forms.NumberInput(attrs={"min": 1})
            self.fields["target"].help_text = "The number of the other statement."


def _statement_label(statement: Statement) -> str:
    side = statement.side.slug if statement.side_id else "no side"
    text = statement.content or statement.sentence
    return f"#{statement.pk} {statement.speaker} ({side}, {statement.stance}): {text[:70]}"


class IncidentForm(_EditForm):
    title = forms.CharField(max_length=_limit(Incident, "title"))
    kind = forms.ChoiceField(choices=IncidentKind.choices)
    status = forms.ChoiceField(choices=IncidentStatus.choices)
    start_date = forms.DateField(widget=DATE, required=False)
    end_date = forms.DateField(widget=DATE, required=False)
    date_precision = forms.ChoiceField(choices=DatePrecision.choices)
    places = forms.ModelMultipleChoiceField(
        queryset=Place.objects.order_by("name"), required=False, widget=forms.SelectMultiple(attrs={"size": 6})
    )
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)

    @classmethod
    def initial_for(cls, incident: Incident) -> dict:
        # The form's fields are the model's, under the same names; the places as their ids.
        return {
            **model_to_dict(incident, fields=cls.base_fields, exclude=["places"]),
            "places": list(incident.places.values_list("pk", flat=True)),
        }

    def service_value(self, name: str, value):
        return [p.pk for p in value] if name == "places" else value


class IncidentCreateForm(forms.Form):
    title = forms.CharField(max_length=_limit(Incident, "title"))
    kind = forms.ChoiceField(choices=IncidentKind.choices)
    start_date = forms.DateField(widget=DATE, required=False)
    end_date = forms.DateField(widget=DATE, required=False)
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)


class MergeForm(forms.Form):
    source = forms.ModelChoiceField(
        queryset=Incident.objects.none(), label="Merge this incident into the one shown here"
    )

    def __init__(self, *args, incident: Incident, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = Incident.objects.live().exclude(pk=incident.pk).order_by("-start_date", "-pk")
        self.fields["source"].label_from_instance = lambda i: f"#{i.pk} {i.title}"


class SplitForm(forms.Form):
    title = forms.CharField(max_length=_limit(Incident, "title"), required=False, label="Title of the new incident")
    statement_ids = forms.ModelMultipleChoiceField(queryset=Statement.objects.none(), label="Statements to move")

    def __init__(self, *args, incident: Incident, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["statement_ids"].queryset = incident.statements.all()
