"""Query understanding and ranking: a typed query becomes a plan of terms
with their derivations (``plan``, ``expand``), scoring nodes (``nodes``) and
a ranked, cached page of hits (``scoring``, ``engine``)."""
