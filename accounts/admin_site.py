"""The Django admin, opened to members of the "admin" group as well as staff."""

from django.contrib import admin

from accounts.roles import Role, role_of


class CounterclaimAdminSite(admin.AdminSite):
    site_header = "Counterclaim administration"
    site_title = "Counterclaim admin"

    def has_permission(self, request) -> bool:
        user = request.user
        # Admins manage users, feeds and outlets without needing the is_staff flag set by hand;
        # what they may change is still governed by the "admin" group's model permissions.
        return user.is_active and (user.is_staff or role_of(user) == Role.ADMIN)
