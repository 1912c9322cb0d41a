"""Forms of the editors' pages. They only shape input; the services validate and write."""

from __future__ import annotations

import django_filters
from django import forms
from django.forms.models import model_to_dict

from claims.errors import InvalidChange
from claims.models import (
    Actor,
    ActorKind,
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


def picker(kind: str, **attrs) -> dict:
    """Widget attributes that `static/js/editor.js` turns into a type-ahead (tom-select) over
    `/editor/pick/<kind>/`; without JavaScript the plain field stays and works."""
    return {"data-picker": kind, **attrs}


class PickedNumberInput(forms.NumberInput):
    """A row's number, typed (works without JavaScript) or picked by name (the type-ahead); the
    current row's label travels in `data-label` so the picker shows a name, not a number."""

    def __init__(self, kind: str, label_of=None, attrs=None):
        super().__init__(attrs={"min": 1, **picker(kind), **(attrs or {})})
        self.label_of = label_of

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        pk = getattr(value, "pk", value)
        # A form sent back with its error may hold anything typed (":", "1.5"): only a number has a label.
        if self.label_of and str(pk).isdigit():
            context["widget"]["attrs"]["data-label"] = self.label_of(int(pk))
        return context


def incident_label(value) -> str:
    incident = Incident.objects.filter(pk=getattr(value, "pk", value)).only("pk", "title").first()
    return f"#{incident.pk} {incident.title}" if incident else f"#{value}"


def statement_label(value) -> str:
    statement = Statement.objects.select_related("side").filter(pk=getattr(value, "pk", value)).first()
    return _statement_label(statement) if statement else f"#{value}"


class IncidentNumberField(forms.ModelChoiceField):
    """An incident by its number: a live incident, typed or picked."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", PickedNumberInput("incidents", incident_label))
        super().__init__(queryset=Incident.objects.live(), **kwargs)
        self.error_messages["invalid_choice"] = "No incident with that number (or it was merged into another)."


QUEUE_SORTS = {
    # Reading order keeps a sentence next to its neighbours, so an editor reads each article once.
    "article": ("Article by article, newest first", ("-article__published", "-article_id", "start", "pk")),
    "confidence": ("Most confident first", ("-confidence", "-article__published", "-article_id", "start", "pk")),
    "uncertain": ("Least confident first", ("confidence", "-article__published", "-article_id", "start", "pk")),
    "newest": ("Newest extracted first", ("-created_at", "-pk")),
}


class QueueFilter(django_filters.FilterSet):
    """Filters and sort of the review queue (what "next" means after "Save, accept and next")."""

    article = django_filters.NumberFilter(
        field_name="article_id", label="Article #", widget=forms.NumberInput(attrs={"min": 1})
    )
    incident = django_filters.NumberFilter(
        field_name="incident_id", label="Incident", widget=PickedNumberInput("incidents", incident_label)
    )
    side = django_filters.ModelChoiceFilter(queryset=Side.objects.all(), to_field_name="slug", empty_label="Any side")
    stance = django_filters.ChoiceFilter(choices=Stance.choices, empty_label="Any stance")
    outlet = django_filters.ModelChoiceFilter(
        field_name="article__outlet",
        queryset=Outlet.objects.order_by("name"),
        to_field_name="slug",
        empty_label="Any outlet",
    )
    confidence_min = django_filters.NumberFilter(
        field_name="confidence",
        lookup_expr="gte",
        label="Confidence from",
        widget=forms.NumberInput(attrs={"min": 0, "max": 1, "step": 0.05}),
    )
    confidence_max = django_filters.NumberFilter(
        field_name="confidence",
        lookup_expr="lte",
        label="up to",
        widget=forms.NumberInput(attrs={"min": 0, "max": 1, "step": 0.05}),
    )
    sort = django_filters.ChoiceFilter(
        choices=[(key, label) for key, (label, _) in QUEUE_SORTS.items()],
        method="sort_by",
        empty_label=None,
        label="Sort",
    )

    class Meta:
        model = Statement
        fields: list[str] = []

    def sort_by(self, queryset, name, value):
        return queryset.order_by(*QUEUE_SORTS.get(value or "article", QUEUE_SORTS["article"])[1])

    @property
    def qs(self):
        queryset = super().qs
        # The sort applies when none is chosen too: the default is a choice, not the table's order.
        if not self.form.cleaned_data.get("sort"):
            queryset = self.sort_by(queryset, "sort", "article")
        return queryset


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
    actor = forms.ModelChoiceField(
        queryset=Actor.objects.order_by("name"), required=False, widget=forms.Select(attrs=picker("actors"))
    )
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
    incident = IncidentNumberField(required=False, help_text="Its number, or type part of its title.")

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
    """A link from this statement to any other, in any incident (counterclaims cross incidents too)."""

    kind = forms.ChoiceField(choices=RelationKind.choices, label="This statement")
    target = forms.ModelChoiceField(
        queryset=Statement.objects.all(),
        label="the statement",
        widget=PickedNumberInput("statements", statement_label),
        help_text="Its number, or type words of it or its speaker.",
    )

    def __init__(self, *args, statement: Statement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = Statement.objects.exclude(pk=statement.pk)
        self.fields["target"].error_messages["invalid_choice"] = "No other statement with that number."


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
        queryset=Place.objects.order_by("name"),
        required=False,
        widget=forms.SelectMultiple(attrs=picker("places", size=6)),
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
    source = IncidentNumberField(label="Merge this incident into the one shown here")

    def __init__(self, *args, incident: Incident, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = Incident.objects.live().exclude(pk=incident.pk)


class ActorCreateForm(forms.Form):
    """A new actor from the statement page; the statement's speaker text is the usual name."""

    version = forms.IntegerField(widget=forms.HiddenInput)  # the statement's, as the page showed it
    name = forms.CharField(max_length=_limit(Actor, "name"), label="Name of the new actor")
    side = forms.ModelChoiceField(
        queryset=Side.objects.all(), to_field_name="slug", required=False, empty_label="No side", label="Its side"
    )
    kind = forms.ChoiceField(choices=ActorKind.choices, initial=ActorKind.OTHER, required=False, label="Its kind")
    aliases = forms.CharField(
        max_length=600, required=False, label="Other spellings", help_text="Separated by semicolons."
    )

    def alias_list(self) -> list[str]:
        return [a.strip() for a in self.cleaned_data.get("aliases", "").split(";") if a.strip()]


class AliasForm(forms.Form):
    """Another spelling of an existing actor (often the speaker text as this article writes it)."""

    actor = forms.ModelChoiceField(
        queryset=Actor.objects.order_by("name"),
        widget=forms.Select(attrs=picker("actors")),
        label="The actor it names",
        error_messages={"invalid_choice": "Choose an existing actor."},
    )
    alias = forms.CharField(max_length=200, label="Another spelling")


class SplitForm(forms.Form):
    title = forms.CharField(max_length=_limit(Incident, "title"), required=False, label="Title of the new incident")
    statement_ids = forms.ModelMultipleChoiceField(queryset=Statement.objects.none(), label="Statements to move")

    def __init__(self, *args, incident: Incident, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["statement_ids"].queryset = incident.statements.all()
