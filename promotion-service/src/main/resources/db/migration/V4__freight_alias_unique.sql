-- A request may name a Freight by its alias: an alias names one Freight of its pipeline. The alias of a Freight whose
-- adjective-animal pair another Freight of the pipeline took first gets a number (brave-otter-2).
with numbered as (
    select id, row_number() over (partition by pipeline, alias order by created_at, id) as n from freight)
update freight
   set alias = freight.alias || '-' || numbered.n
  from numbered
 where freight.id = numbered.id and numbered.n > 1;
create unique index freight_alias on freight (pipeline, alias);
