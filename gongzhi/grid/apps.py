from django.apps import AppConfig


class GridConfig(AppConfig):
    name = "gongzhi.grid"
    label = "grid"
    verbose_name = "网格 Grid"
