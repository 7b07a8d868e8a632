-- The table Orleans' ADO.NET providers read their SQL from, one row per query key. The providers
-- select it as "SELECT QueryKey, QueryText FROM OrleansQuery" (unquoted), so the names fold to lower case.
CREATE TABLE orleansquery (
    querykey varchar(64) PRIMARY KEY,
    querytext text NOT NULL
);
