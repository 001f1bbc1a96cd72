"""``gongzhi apikey create --unit CODE --name NAME [--scope …]`` prints a new application key once;
``gongzhi apikey list`` and ``gongzhi apikey revoke PREFIX`` manage them."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongzhi.api.enums import ALL_SCOPES, Scope
from gongzhi.api.models import ApiKey
from gongzhi.api.services import keys as key_services
from gongzhi.core.errors import ApplicationError
from gongzhi.org import selectors as org_selectors


class Command(BaseCommand):
    help = "Create, list and revoke application API keys (an Open311 api_key is one of them)."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        create = commands.add_parser("create", help="create a key and print it once")
        create.add_argument("--unit", required=True, help="unit code, e.g. 330603000000-centre")
        create.add_argument("--name", required=True)
        create.add_argument(
            "--scope",
            action="append",
            choices=list(ALL_SCOPES),
            help=f"repeat for several (default: {Scope.OPEN311})",
        )
        commands.add_parser("list", help="list keys (prefix, unit, scopes, last use, revoked)")
        revoke = commands.add_parser("revoke", help="revoke a key at once")
        revoke.add_argument("prefix", help="the key's prefix, e.g. gza_1a2b3c4d")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"_{options['action']}")(options)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc

    def _create(self, options: dict[str, Any]) -> None:
        unit = org_selectors.unit_get(code=options["unit"])
        key, secret = key_services.api_key_create(
            unit=unit, name=options["name"], scopes=options["scope"] or [Scope.OPEN311]
        )
        self.stdout.write(f"Created {key.prefix} for {unit.name} ({', '.join(key.scopes)}).")
        self.stdout.write("The key is shown this once; store it now:")
        self.stdout.write(secret)

    def _list(self, options: dict[str, Any]) -> None:
        for key in ApiKey.objects.select_related("unit", "user").order_by("created_at"):
            self.stdout.write(
                "\t".join(
                    [
                        key.prefix,
                        key.kind,
                        key.unit.code if key.unit else key.user.username,
                        key.name,
                        ",".join(key.scopes),
                        key.last_used_at.isoformat() if key.last_used_at else "-",
                        f"revoked {key.revoked_at.isoformat()}" if key.revoked_at else "active",
                    ]
                )
            )

    def _revoke(self, options: dict[str, Any]) -> None:
        key = ApiKey.objects.filter(prefix=options["prefix"]).first()
        if key is None:
            raise CommandError(f"no key with prefix {options['prefix']!r}")
        key = key_services.api_key_revoke(key_id=key.pk, reason="gongzhi apikey revoke")
        self.stdout.write(f"Revoked {key.prefix} at {key.revoked_at.isoformat() if key.revoked_at else ''}.")
