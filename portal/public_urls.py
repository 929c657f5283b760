"""Public routes of the site core that are not Wagtail pages."""

urlpatterns = []
