from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "gongzhi.campaigns"
    label = "campaigns"
    verbose_name = "破题攻坚 Campaigns"
