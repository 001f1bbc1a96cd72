from __future__ import annotations

import getpass
import os
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Create (or reset the password of) an administrator account."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", default="admin")
        parser.add_argument("--password", help="default: GONGZHI_ADMIN_PASSWORD or asked for")
        parser.add_argument("--email", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        password = options["password"] or os.environ.get("GONGZHI_ADMIN_PASSWORD")
        if not password:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("the passwords differ")
        if len(password) < 10:
            raise CommandError("use at least 10 characters")
        user_model = get_user_model()
        user, created = user_model.objects.get_or_create(username=options["username"])
        user.is_staff = True
        user.is_superuser = True
        user.email = options["email"] or user.email
        user.set_password(password)
        user.save()
        self.stdout.write(f"{'created' if created else 'updated'} administrator {user.username}")
