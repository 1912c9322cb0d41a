"""Forms editors use to bring articles in: a URL, pasted text, or an uploaded file."""

from __future__ import annotations

from django import forms
from django.conf import settings


class _Metadata(forms.Form):
    title = forms.CharField(max_length=500, required=False)
    outlet = forms.CharField(max_length=500, required=False, help_text="Publisher name, e.g. Armenpress.")
    published = forms.DateField(required=False, help_text="YYYY-MM-DD; used to resolve “on Tuesday”.")


class SubmitURLForm(forms.Form):
    kind = forms.CharField(widget=forms.HiddenInput, initial="url")
    url = forms.URLField(max_length=2000, label="Article URL", assume_scheme="https")


class SubmitTextForm(_Metadata):
    kind = forms.CharField(widget=forms.HiddenInput, initial="text")
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 12}), label="Article text", strip=False)
    url = forms.URLField(max_length=2000, required=False, label="Original URL (optional)", assume_scheme="https")

    def clean_text(self):
        text = self.cleaned_data["text"]
        if len(text.encode()) > settings.FETCH_MAX_BYTES:
            raise forms.ValidationError(f"The text is over the {settings.FETCH_MAX_BYTES:,}-byte limit.")
        return text


class SubmitFileForm(_Metadata):
    kind = forms.CharField(widget=forms.HiddenInput, initial="file")
    file = forms.FileField(label="Text or HTML file", help_text="A .txt, .md or .html file; YAML front matter is read.")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.FETCH_MAX_BYTES:
            raise forms.ValidationError(f"The file is over the {settings.FETCH_MAX_BYTES:,}-byte limit.")
        return upload


FORMS = {"url": SubmitURLForm, "text": SubmitTextForm, "file": SubmitFileForm}
