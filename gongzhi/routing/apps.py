from django.apps import AppConfig


class RoutingConfig(AppConfig):
    name = "gongzhi.routing"
    label = "routing"
    verbose_name = "分流 Routing"
