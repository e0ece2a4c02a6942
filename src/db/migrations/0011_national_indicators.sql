CREATE TABLE "partnership_indicators" (
	"partnership_id" uuid NOT NULL,
	"indicator_id" uuid NOT NULL,
	"responsible_organisation_id" uuid,
	"lag_months" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "partnership_indicators_partnership_id_indicator_id_pk" PRIMARY KEY("partnership_id","indicator_id")
);
--> statement-breakpoint
ALTER TABLE "indicators" ALTER COLUMN "partnership_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "partnership_indicators" ADD CONSTRAINT "partnership_indicators_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partnership_indicators" ADD CONSTRAINT "partnership_indicators_indicator_id_indicators_id_fk" FOREIGN KEY ("indicator_id") REFERENCES "public"."indicators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partnership_indicators" ADD CONSTRAINT "partnership_indicators_responsible_organisation_id_organisations_id_fk" FOREIGN KEY ("responsible_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- National indicators become one row each: per partnership NIS rows merge into the best one
-- (live, complete, most recently changed); who reports it and its lag move to the overlay.
CREATE TABLE "indicator_merge" AS SELECT DISTINCT ON ("partnership_id", lower("code")) "id" AS "old_id", "partnership_id", lower("code") AS "key", ("archived_at" IS NULL) AS "live", "incomplete", "updated_at", "responsible_organisation_id", "lag_months", NULL::uuid AS "new_id" FROM "indicators" WHERE "set" = 'nis' AND "partnership_id" IS NOT NULL ORDER BY "partnership_id", lower("code"), ("archived_at" IS NULL) DESC, "updated_at" DESC;--> statement-breakpoint
UPDATE "indicator_merge" m SET "new_id" = w."old_id" FROM (SELECT DISTINCT ON ("key") "key", "old_id" FROM "indicator_merge" ORDER BY "key", "live" DESC, "incomplete" ASC, "updated_at" DESC) w WHERE w."key" = m."key";--> statement-breakpoint
INSERT INTO "partnership_indicators" ("partnership_id", "indicator_id", "responsible_organisation_id", "lag_months") SELECT "partnership_id", "new_id", "responsible_organisation_id", "lag_months" FROM "indicator_merge" WHERE "responsible_organisation_id" IS NOT NULL OR "lag_months" IS NOT NULL;--> statement-breakpoint
UPDATE "targets" t SET "indicator_id" = m."new_id" FROM "indicator_merge" m WHERE t."indicator_id" = m."old_id" AND m."old_id" <> m."new_id";--> statement-breakpoint
UPDATE "data_values" t SET "indicator_id" = m."new_id" FROM "indicator_merge" m WHERE t."indicator_id" = m."old_id" AND m."old_id" <> m."new_id";--> statement-breakpoint
UPDATE "assessments" t SET "indicator_id" = m."new_id" FROM "indicator_merge" m WHERE t."indicator_id" = m."old_id" AND m."old_id" <> m."new_id";--> statement-breakpoint
UPDATE "indicators" i SET "partnership_id" = NULL, "responsible_organisation_id" = NULL, "lag_months" = NULL, "updated_at" = now() FROM "indicator_merge" m WHERE i."id" = m."new_id";--> statement-breakpoint
UPDATE "indicators" i SET "archived_at" = coalesce(i."archived_at", now()) FROM "indicator_merge" m WHERE i."id" = m."old_id" AND m."old_id" <> m."new_id";--> statement-breakpoint
DROP TABLE "indicator_merge";--> statement-breakpoint
CREATE UNIQUE INDEX "indicators_national_code_key" ON "indicators" USING btree (lower("code")) WHERE "indicators"."partnership_id" is null and "indicators"."archived_at" is null;