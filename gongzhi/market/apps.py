from django.apps import AppConfig


class MarketConfig(AppConfig):
    name = "gongzhi.market"
    label = "market"
    verbose_name = "网上超市 Land and factory market"
