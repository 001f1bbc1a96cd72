from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "gongzhi.insights"
    label = "insights"
    verbose_name = "指标 Insights"
