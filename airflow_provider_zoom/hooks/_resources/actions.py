"""Every Zoom action of the hook in one class: what ZoomHook serves, and what parse-time checks run."""

from __future__ import annotations

from airflow_provider_zoom.hooks._resources.account import AccountMixin
from airflow_provider_zoom.hooks._resources.ai import AiCompanionMixin
from airflow_provider_zoom.hooks._resources.archiving import ArchivingMixin
from airflow_provider_zoom.hooks._resources.chat import ChatMixin
from airflow_provider_zoom.hooks._resources.extract_pages import ExtractsMixin
from airflow_provider_zoom.hooks._resources.meetings import MeetingsMixin
from airflow_provider_zoom.hooks._resources.panelists import PanelistsMixin
from airflow_provider_zoom.hooks._resources.phone import PhoneMixin
from airflow_provider_zoom.hooks._resources.polls import PollsMixin
from airflow_provider_zoom.hooks._resources.recordings import RecordingsMixin
from airflow_provider_zoom.hooks._resources.registrants import RegistrantsMixin
from airflow_provider_zoom.hooks._resources.reports import ReportsMixin
from airflow_provider_zoom.hooks._resources.users import UsersMixin
from airflow_provider_zoom.hooks._resources.webinars import WebinarsMixin


class ZoomActions(
    MeetingsMixin,
    RegistrantsMixin,
    WebinarsMixin,
    PanelistsMixin,
    PollsMixin,
    UsersMixin,
    RecordingsMixin,
    ArchivingMixin,
    ReportsMixin,
    ExtractsMixin,
    ChatMixin,
    PhoneMixin,
    AiCompanionMixin,
    AccountMixin,
):
    """One method per Zoom action, each checking its arguments before its first request."""
