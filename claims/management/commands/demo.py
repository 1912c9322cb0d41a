"""Prepare a demo: migrate, load the gazetteer, create demo accounts and ingest the demo articles."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from claims.models import RelationStatus, ReviewStatus, Statement, StatementRelation
from claims.services import relation_decide, statement_review
from claims.speakers import BARE_PRONOUNS
from sources.models import Article

DEMO_ARTICLES = Path(settings.BASE_DIR) / "demo" / "articles"
# Demo accounts only: printed on purpose so a newcomer can log in; never used outside a demo.
DEMO_USERS = [
    ("editor", "editor", "counterclaim-editor"),
    ("researcher", None, "counterclaim-researcher"),
    ("admin", "admin", "counterclaim-admin"),
]


class Command(BaseCommand):
    help = "Set up the database with the gazetteer, demo accounts and demo articles (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--url", default="http://127.0.0.1:8000/", help="Where the app will be served (printed at the end)."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Create the demo accounts (with their published passwords) on a database other than the "
            "embedded default: only for a throwaway database.",
        )

    def handle(self, *args, **options):
        # The accounts' passwords are printed and in the source: on a real database they would be
        # an open door (an admin superuser among them). The embedded default is a local demo.
        if not settings.EMBEDDED_DATABASE and not options["force"]:
            raise CommandError(
                "refusing to create demo accounts with published passwords (an admin superuser among them) "
                "on a database other than the embedded default (DATABASE_URL is set); "
                "pass --force if this database is a throwaway"
            )
        call_command("migrate", verbosity=0)
        call_command("load_gazetteer", stdout=self.stdout)
        call_command("load_outlets", stdout=self.stdout)
        self._users()
        files = sorted(str(p) for p in DEMO_ARTICLES.glob("*.txt"))
        if files:
            # The same command and pipeline as any bulk import; run in-process when no broker is set.
            try:
                call_command("ingest", *files, stdout=self.stdout, stderr=self.stderr)
            except CommandError as exc:
                # The demo still starts with the articles that did go through; the summary above
                # names the ones that failed and why.
                self.stderr.write(f"Some demo articles failed: {exc}")
        self._review()
        self.stdout.write("")
        self.stdout.write("Demo accounts (username / password):")
        for username, _group, password in DEMO_USERS:
            self.stdout.write(f"  {username:<11} {password}")
        self.stdout.write(f"Open {options['url']}")

    def _review(self) -> None:
        """The demo editor's first pass, so every role has something to see: statements with a known
        speaker on a side are accepted, statements with no side or a bare pronoun for a speaker are
        rejected, the rest and the newest articles stay pending; suggested counterclaims between accepted statements are confirmed.
        Done once: a demo that already has reviewed statements is left as its editor left it."""
        statements = Statement.objects.all()
        if statements.exclude(review_status=ReviewStatus.PENDING).exists() or not statements.exists():
            return
        editor = get_user_model().objects.get(username="editor")
        # The newest articles stay pending: the queue has work in it.
        newest = list(Article.objects.order_by("-published", "-pk").values_list("pk", flat=True)[:2])
        candidates = statements.exclude(article__in=newest)
        # A statement with no side, or whose speaker is a bare pronoun nobody resolved, is not an account.
        pronoun = r"^(" + "|".join(sorted(BARE_PRONOUNS)) + r")$"
        unattributed = Q(side__isnull=True) | Q(actor__isnull=True, speaker__iregex=pronoun)
        rejected = statement_review(
            statement_ids=list(candidates.filter(unattributed).values_list("pk", flat=True)),
            decision=ReviewStatus.REJECTED,
            user=editor,
        )
        accepted = statement_review(
            statement_ids=list(
                candidates.exclude(unattributed).filter(actor__isnull=False).values_list("pk", flat=True)
            ),
            decision=ReviewStatus.ACCEPTED,
            user=editor,
        )
        confirmed = 0
        suggestions = StatementRelation.objects.filter(
            status=RelationStatus.SUGGESTED,
            source__review_status=ReviewStatus.ACCEPTED,
            target__review_status=ReviewStatus.ACCEPTED,
        )
        for relation_id in suggestions.values_list("pk", flat=True):
            relation_decide(relation_id=relation_id, status=RelationStatus.CONFIRMED, user=editor)
            confirmed += 1
        pending = statements.filter(review_status=ReviewStatus.PENDING).count()
        self.stdout.write(
            f"Demo review by the editor: {accepted} accepted, {rejected} rejected, {pending} pending; "
            f"{confirmed} counterclaim(s) confirmed"
        )

    def _users(self) -> None:
        User = get_user_model()
        for username, group, password in DEMO_USERS:
            user, created = User.objects.get_or_create(username=username)
            if created:
                user.set_password(password)
                user.is_staff = username == "admin"
                user.is_superuser = username == "admin"
                user.save()
            if group:
                user.groups.add(Group.objects.get(name=group))
