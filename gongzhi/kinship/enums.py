from django.db import models
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    MALE = "male", _("男")
    FEMALE = "female", _("女")


class LinkKind(models.TextChoices):
    """The only two stored edges; every other relation is derived from them."""

    PARENT = "parent", _("父母")  # ``relative`` is a parent of ``person``
    SPOUSE = "spouse", _("配偶")


class Predicate(models.TextChoices):
    """Which kinship set a rule uses (a setting per rule, see ``settings.GONGZHI``)."""

    CLOSE_RELATIVE = "close_relative", _("近亲属（民法典第1045条）")
    RECUSAL_RELATIVE = "recusal_relative", _("回避亲属（夫妻、直系血亲、三代以内旁系血亲、近姻亲）")


class Relation(models.TextChoices):
    """What ``b`` is to ``a`` in ``relation_between(a, b)``; the labels are the Chinese terms."""

    SELF = "self", "本人"
    SPOUSE = "spouse", "配偶"
    PARENT = "parent", "父母"
    CHILD = "child", "子女"
    GRANDPARENT = "grandparent", "祖父母/外祖父母"
    GRANDCHILD = "grandchild", "孙子女/外孙子女"
    SIBLING = "sibling", "兄弟姐妹"
    ANCESTOR = "ancestor", "曾祖父母及以上直系血亲"
    DESCENDANT = "descendant", "曾孙子女及以下直系血亲"
    UNCLE_AUNT = "uncle_aunt", "伯叔姑舅姨"
    NEPHEW_NIECE = "nephew_niece", "侄子女/甥子女"
    COUSIN = "cousin", "堂/表兄弟姐妹"
    SPOUSE_PARENT = "spouse_parent", "配偶的父母"
    CHILD_SPOUSE = "child_spouse", "子女的配偶"
    SPOUSE_SIBLING = "spouse_sibling", "配偶的兄弟姐妹"
    SIBLING_SPOUSE = "sibling_spouse", "兄弟姐妹的配偶"
    SPOUSE_SIBLING_SPOUSE = "spouse_sibling_spouse", "配偶的兄弟姐妹的配偶"
    CHILD_SPOUSE_PARENT = "child_spouse_parent", "子女配偶的父母"
    COLLATERAL_SPOUSE = "collateral_spouse", "三代以内旁系血亲的配偶"
    SPOUSE_COLLATERAL = "spouse_collateral", "配偶的三代以内旁系血亲"


#: 民法典 art. 1045: 配偶、父母、子女、兄弟姐妹、祖父母、外祖父母、孙子女、外孙子女.
CLOSE_RELATIONS = frozenset(
    {
        Relation.SPOUSE,
        Relation.PARENT,
        Relation.CHILD,
        Relation.SIBLING,
        Relation.GRANDPARENT,
        Relation.GRANDCHILD,
    }
)

#: 公务员法 art. 74 and the recusal forms: 夫妻关系、直系血亲关系、三代以内旁系血亲以及近姻亲关系.
RECUSAL_RELATIONS = frozenset(set(Relation) - {Relation.SELF})
