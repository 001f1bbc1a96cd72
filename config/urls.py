from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("gongzhi.api.urls")),
    path("open311/v2/", include("gongzhi.api.open311.urls")),
    path("deliberation/", include("gongzhi.deliberation.urls")),
    path("", include("gongzhi.web.urls")),
]
