ALTER TABLE "assessments" DROP CONSTRAINT "assessments_partnership_id_partnerships_id_fk";
--> statement-breakpoint
ALTER TABLE "assessments" DROP CONSTRAINT "assessments_target_id_targets_id_fk";
--> statement-breakpoint
ALTER TABLE "assessments" DROP CONSTRAINT "assessments_indicator_id_indicators_id_fk";
--> statement-breakpoint
ALTER TABLE "assessments" DROP CONSTRAINT "assessments_place_id_places_id_fk";
