from django.contrib import admin

from .models import Notification, NotificationText


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["kind", "recipient", "programme", "occurrence", "due_at", "state", "attempts", "sent_at"]
    list_filter = ["state", "kind", "due_at"]
    search_fields = ["recipient__email", "recipient__full_name", "programme__title", "last_error"]
    raw_id_fields = ["recipient", "programme"]
    readonly_fields = ["claimed_at", "sending_at", "sent_at", "attempts", "created"]


@admin.register(NotificationText)
class NotificationTextAdmin(admin.ModelAdmin):
    list_display = ["programme", "kind", "subject", "updated"]
    list_filter = ["kind"]
    search_fields = ["programme__title", "subject", "opening"]
    raw_id_fields = ["programme"]
