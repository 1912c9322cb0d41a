"""Editors' pages for bringing articles in and watching them go through the pipeline."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from accounts.roles import editor_required
from sources import services
from sources.errors import SubmissionRefused
from sources.forms import FORMS, SubmitFileForm, SubmitTextForm, SubmitURLForm
from sources.models import ACTIVE_STATUSES, Article, ArticleSource, ArticleStatus, ArticleStep

POLL_SECONDS = 2
_SOURCES = {"url": ArticleSource.URL, "text": ArticleSource.TEXT, "file": ArticleSource.FILE}


@editor_required
@require_http_methods(["GET", "POST"])
def article_submit(request):
    forms = {"url": SubmitURLForm(), "text": SubmitTextForm(), "file": SubmitFileForm()}
    status = 200
    if request.method == "POST":
        kind = request.POST.get("kind", "")
        if kind not in FORMS:
            return render(
                request, "sources/submit.html", _submit_context(forms, "Choose a URL, text or file."), status=400
            )
        form = FORMS[kind](request.POST, request.FILES)
        forms[kind] = form
        if form.is_valid():
            data = form.cleaned_data
            upload = data.get("file")
            try:
                article, _created = services.article_submit(
                    url=data.get("url") or "",
                    text=data.get("text") or "",
                    raw=upload.read() if upload else None,
                    filename=upload.name if upload else "",
                    title=data.get("title") or "",
                    outlet_name=data.get("outlet") or "",
                    published=data.get("published"),
                    source=_SOURCES[kind],
                    user=request.user,
                )
            except SubmissionRefused as exc:
                form.add_error(None, exc.message)
            else:
                return redirect("sources:article-status", pk=article.pk)
        status = 400
    return render(request, "sources/submit.html", _submit_context(forms), status=status)


def _submit_context(forms: dict, error: str = "") -> dict:
    recent = Article.objects.select_related("outlet").order_by("-created_at")[:15]
    return {"forms": forms, "error": error, "recent": recent}


def _steps(article: Article) -> list[dict]:
    names = list(ArticleStep.values)
    current = names.index(article.step) if article.step in names else len(names)
    finished = article.status in (ArticleStatus.DONE, ArticleStatus.DUPLICATE, ArticleStatus.UNSUPPORTED)
    rows = []
    for index, step in enumerate(names):
        if article.status == ArticleStatus.FAILED and index == current:
            state = "failed"
        elif finished and article.step == "" and article.status != ArticleStatus.DONE and index >= current:
            state = "skipped"
        elif index < current or (finished and article.status == ArticleStatus.DONE):
            state = "done"
        elif index == current and article.status in ACTIVE_STATUSES and article.status != ArticleStatus.QUEUED:
            state = "running"
        else:
            state = "waiting"
        rows.append({"name": step, "label": step.capitalize(), "state": state})
    return rows


@editor_required
def article_status(request, pk: int):
    article = get_object_or_404(Article.objects.select_related("outlet", "duplicate_of"), pk=pk)
    context = {
        "article": article,
        "steps": _steps(article),
        "active": article.status in ACTIVE_STATUSES,
        "poll_seconds": POLL_SECONDS,
        "statement_count": article.statements.count(),
        "step_names": list(ArticleStep.values),
    }
    template = "sources/_status.html" if request.htmx else "sources/status.html"
    return render(request, template, context)


@editor_required
@require_POST
def article_reprocess(request, pk: int):
    get_object_or_404(Article, pk=pk)
    step = request.POST.get("from_step") or None
    try:
        services.article_reprocess(article_id=pk, from_step=step)
    except SubmissionRefused as exc:
        article = Article.objects.get(pk=pk)
        context = {"article": article, "steps": _steps(article), "active": False, "error": exc.message}
        context.update(statement_count=article.statements.count(), step_names=list(ArticleStep.values))
        return render(request, "sources/status.html", context, status=400)
    return redirect("sources:article-status", pk=pk)
