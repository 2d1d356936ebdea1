-- The second half: recompute every membership of the 20 segments of segments.json from all the events,
-- as of one instant. Run with: psql -v asof="'2026-11-24T12:00:00Z'" -f batch-segments.sql

\set ON_ERROR_STOP on
SET client_min_messages = warning;
DROP TABLE IF EXISTS batch_members;
CREATE TABLE batch_members (segment text NOT NULL, individual_id text NOT NULL);

WITH asof AS (SELECT :'asof'::timestamptz AS t),
facts AS (
  SELECT e.individual_id,
    count(*) FILTER (WHERE type = 'BenchProbe' AND occurred_at > t - interval '1 minute' AND occurred_at <= t) AS probe_1m,
    count(*) FILTER (WHERE type = 'EmailSent' AND occurred_at > t - interval '30 days' AND occurred_at <= t) AS sent_30d,
    count(*) FILTER (WHERE type = 'EmailOpened' AND occurred_at > t - interval '30 days' AND occurred_at <= t) AS opened_30d,
    count(*) FILTER (WHERE type = 'EmailOpened' AND occurred_at > t - interval '60 days' AND occurred_at <= t) AS opened_60d,
    count(*) FILTER (WHERE type = 'EmailOpened' AND occurred_at > t - interval '14 days' AND occurred_at <= t) AS opened_14d,
    count(*) FILTER (WHERE type = 'EmailOpened' AND occurred_at > t - interval '1 day' AND occurred_at <= t) AS opened_1d,
    count(*) FILTER (WHERE type = 'EmailOpened' AND attributes->>'campaignId' = 'c-1') AS opened_c1,
    count(*) FILTER (WHERE type = 'EmailClicked' AND attributes->>'linkUrl' LIKE '%/product%') AS product_clicks,
    COALESCE(sum(CASE WHEN attributes->>'total' ~ '^-?[0-9]+(\.[0-9]+)?$' THEN (attributes->>'total')::numeric END)
      FILTER (WHERE type IN ('Purchase', 'OrderPlaced')), 0) AS value_lifetime,
    COALESCE(sum(CASE WHEN attributes->>'total' ~ '^-?[0-9]+(\.[0-9]+)?$' THEN (attributes->>'total')::numeric END)
      FILTER (WHERE type IN ('Purchase', 'OrderPlaced') AND occurred_at > t - interval '365 days' AND occurred_at <= t), 0) AS value_365d,
    count(*) FILTER (WHERE type = 'EventCheckIn' AND occurred_at > t - interval '90 days' AND occurred_at <= t) AS checkins_90d,
    count(*) FILTER (WHERE type = 'PushNotificationSent' AND occurred_at > t - interval '30 days' AND occurred_at <= t) AS push_sent_30d,
    count(*) FILTER (WHERE type = 'PushNotificationOpened' AND occurred_at > t - interval '30 days' AND occurred_at <= t) AS push_opened_30d,
    count(*) FILTER (WHERE type = 'SmsLinkClicked' AND occurred_at > t - interval '30 days' AND occurred_at <= t) AS sms_clicks_30d,
    count(*) FILTER (WHERE type = 'SmsLinkClicked' AND occurred_at > t - interval '1 day' AND occurred_at <= t) AS sms_clicks_1d,
    count(*) FILTER (WHERE type = 'SmsDelivered' AND occurred_at > t - interval '30 days' AND occurred_at <= t) AS sms_delivered_30d,
    count(*) FILTER (WHERE type = 'WebsiteVisited' AND occurred_at > t - interval '7 days' AND occurred_at <= t) AS visits_7d,
    count(*) FILTER (WHERE type = 'WebsiteVisited' AND occurred_at > t - interval '1 day' AND occurred_at <= t) AS visits_1d,
    count(*) FILTER (WHERE type = 'FormSubmitted' AND occurred_at > t - interval '90 days' AND occurred_at <= t) AS forms_90d,
    count(*) FILTER (WHERE type = 'CartUpdated' AND occurred_at > t - interval '7 days' AND occurred_at <= t) AS carts_7d,
    count(*) FILTER (WHERE type = 'OrderPlaced' AND occurred_at > t - interval '7 days' AND occurred_at <= t) AS orders_7d,
    count(*) FILTER (WHERE type = 'ChatMessageSent' AND occurred_at > t - interval '30 days' AND occurred_at <= t) AS chats_30d,
    count(*) FILTER (WHERE type = 'ProductViewed' AND occurred_at > t - interval '14 days' AND occurred_at <= t) AS views_14d,
    count(*) FILTER (WHERE type = 'EmailDelivered' AND occurred_at > t - interval '14 days' AND occurred_at <= t) AS delivered_14d,
    count(*) FILTER (WHERE type IN ('EmailOpened', 'EmailClicked', 'WebsiteVisited', 'SmsLinkClicked')
      AND occurred_at > t - interval '90 days' AND occurred_at <= t) AS engaged_90d,
    (array_agg(type ORDER BY occurred_at DESC) FILTER (WHERE type IN ('Subscribe', 'Unsubscribe')))[1] AS sms_consent_event
  FROM events e CROSS JOIN asof
  GROUP BY e.individual_id
),
verdicts AS (
  SELECT individual_id,
    probe_1m >= 1 AS bench_probe,
    sent_30d >= 1 AND opened_30d = 0 AS reengage,
    product_clicks >= 1 AND value_lifetime >= 200 AS high_intent,
    checkins_90d >= 1 AS event_attendees_90d,
    push_sent_30d >= 1 AND push_opened_30d = 0 AS push_not_delivered,
    opened_60d > 5 AS engaged_openers,
    sms_clicks_30d >= 3 AS sms_clickers,
    sms_consent_event IS NOT DISTINCT FROM 'Unsubscribe' AS sms_unsubscribed,
    sms_clicks_30d >= 3 AND sms_consent_event IS DISTINCT FROM 'Unsubscribe' AS reachable_sms_clickers,
    visits_7d >= 1 AS recent_visitors_7d,
    forms_90d >= 1 AS form_fillers,
    carts_7d >= 1 AND orders_7d = 0 AS cart_no_order_7d,
    value_365d >= 500 AS big_spenders_365d,
    chats_30d >= 1 AS chatters_30d,
    views_14d >= 2 AS product_viewers_14d,
    delivered_14d >= 1 AND opened_14d = 0 AS email_delivered_not_opened_14d,
    opened_30d >= 1 AND sms_delivered_30d >= 1 AS multi_channel_30d,
    opened_c1 >= 1 AS campaign_c1_openers,
    engaged_90d = 0 AS dormant_90d,
    opened_1d >= 1 OR visits_1d >= 1 OR sms_clicks_1d >= 1 AS any_engagement_1d
  FROM facts
)
INSERT INTO batch_members (segment, individual_id)
SELECT s.segment, v.individual_id
FROM verdicts v
CROSS JOIN LATERAL (VALUES
  ('bench_probe', v.bench_probe), ('reengage', v.reengage), ('high_intent', v.high_intent),
  ('event_attendees_90d', v.event_attendees_90d), ('push_not_delivered', v.push_not_delivered),
  ('engaged_openers', v.engaged_openers), ('sms_clickers', v.sms_clickers), ('sms_unsubscribed', v.sms_unsubscribed),
  ('reachable_sms_clickers', v.reachable_sms_clickers), ('recent_visitors_7d', v.recent_visitors_7d),
  ('form_fillers', v.form_fillers), ('cart_no_order_7d', v.cart_no_order_7d), ('big_spenders_365d', v.big_spenders_365d),
  ('chatters_30d', v.chatters_30d), ('product_viewers_14d', v.product_viewers_14d),
  ('email_delivered_not_opened_14d', v.email_delivered_not_opened_14d), ('multi_channel_30d', v.multi_channel_30d),
  ('campaign_c1_openers', v.campaign_c1_openers), ('dormant_90d', v.dormant_90d), ('any_engagement_1d', v.any_engagement_1d)
) AS s (segment, member)
WHERE s.member;

\pset format unaligned
\pset tuples_only on
\pset fieldsep ' '
SELECT 'size', segment, count(*) FROM batch_members GROUP BY segment ORDER BY segment;
SELECT 'events', count(*) FROM events;
