"""The pages: the staff workbench, the citizen pages and the cockpit (the catch-all include)."""

from django.urls import include, path

from gongzhi.web.views import auth, health, public

public_patterns = (
    [
        path("", public.home, name="home"),
        path("public/submit", public.submit, name="submit"),
        path("public/thanks", public.thanks, name="thanks"),
        path("public/villages", public.villages, name="villages"),
        path("public/track", public.track, name="track"),
        path("public/rate", public.rate, name="rate"),
    ],
    "public",
)

urlpatterns = [
    path("", include(public_patterns)),
    path("login/", auth.LoginView.as_view(), name="login"),
    path("logout/", auth.LogoutView.as_view(), name="logout"),
    path("healthz", health.healthz, name="healthz"),
    path("cases/", include("gongzhi.cases.urls")),
    path("insights/", include("gongzhi.insights.urls")),
    path("org/", include("gongzhi.org.urls")),
    path("drones/", include("gongzhi.drones.urls")),
    path("campaigns/", include("gongzhi.campaigns.urls")),
    path("mediation/", include("gongzhi.mediation.urls")),
    path("", include("gongzhi.market.urls")),
]
