-- A regional quarterly comparison from several councils' `qaledger export` folders, stacked:
-- every exports/<council>/ folder is read at once (each row carries its `organisation`).
-- One row per council and quarter of the financial year (April to March), as each export's
-- as-of date saw it. The rates are counted as `qaledger summary --period FY2024-25-Q3` counts
-- them (docs/export.md says how); run from examples/benchmarking: duckdb < quarterly.sql

-- The financial-year quarter a date falls in, in the words `summary --period` takes
-- (2025-01-15 → FY2024-25-Q4).
create or replace temporary macro fy_quarter(day) as
    'FY' || (year(day) - (month(day) < 4)::int) || '-'
    || lpad(((year(day) - (month(day) < 4)::int + 1) % 100)::varchar, 2, '0')
    || '-Q' || ((month(day) + 8) % 12 // 3 + 1);

with
deadlines as (
    select * from read_parquet('exports/*/deadlines.parquet', union_by_name = true)
),
complaints as (
    select organisation, id, type from read_parquet('exports/*/complaint.parquet', union_by_name = true)
),
actions as (
    select * from read_parquet('exports/*/action.parquet', union_by_name = true)
),
staff as (
    select * from read_parquet('exports/*/supervision_compliance.parquet', union_by_name = true)
),
-- Complaints (not service enquiries or compliments) whose response fell due in the quarter:
-- met on time, of those met or overdue; those not yet due at as-of are in no rate.
responses as (
    select d.organisation, d.due as day, d.state
    from deadlines d
    join complaints c on c.organisation = d.organisation and c.id = d.id
    where d.kind = 'complaint' and d.deadline = 'response' and c.type = 'complaint'
      and d.state in ('met-on-time', 'met-late', 'overdue')
),
-- Actions completed in the quarter (by as-of; cancelled ones left out): on time when completed
-- on or before their due date.
completions as (
    select organisation, completed as day, completed <= due as on_time
    from actions
    where completed is not null and completed <= as_of and status <> 'cancelled'
),
-- Supervision in date: current staff with a due date, not overdue at the export's as-of; it
-- describes the quarter that holds the as-of date.
supervision as (
    select organisation, as_of as day,
           count(*) filter (where in_date) as in_date, count(in_date) as with_due_date
    from staff
    group by organisation, as_of
),
labelled as (
    select 'responses' as measure, organisation, day, (state = 'met-on-time')::int as hit, 1 as counted from responses
    union all
    select 'completions', organisation, day, on_time::int, 1 from completions
),
by_quarter as (
    select organisation, fy_quarter(day) as quarter, measure, sum(hit) as hits, sum(counted) as total
    from labelled
    group by all
),
supervision_quarter as (
    select organisation, fy_quarter(day) as quarter, in_date, with_due_date from supervision
),
quarters as (
    select distinct organisation, quarter from by_quarter
    union
    select organisation, quarter from supervision_quarter
)
select
    q.organisation as council,
    q.quarter,
    coalesce(r.hits, 0) as complaints_responded_in_time,
    coalesce(r.total, 0) as complaints_due,
    round(100.0 * r.hits / nullif(r.total, 0), 1) as complaints_responded_in_time_pct,
    coalesce(a.hits, 0) as actions_completed_on_time,
    coalesce(a.total, 0) as actions_completed,
    round(100.0 * a.hits / nullif(a.total, 0), 1) as actions_on_time_pct,
    s.in_date as staff_supervision_in_date,
    s.with_due_date as staff_with_supervision_due,
    round(100.0 * s.in_date / nullif(s.with_due_date, 0), 1) as supervision_in_date_pct
from quarters q
left join by_quarter r on r.organisation = q.organisation and r.quarter = q.quarter and r.measure = 'responses'
left join by_quarter a on a.organisation = q.organisation and a.quarter = q.quarter and a.measure = 'completions'
left join supervision_quarter s on s.organisation = q.organisation and s.quarter = q.quarter
order by q.quarter, q.organisation;
