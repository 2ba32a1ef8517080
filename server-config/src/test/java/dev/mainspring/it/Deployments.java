package dev.mainspring.it;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The archive Arquillian tests deploy: the very WAR the launcher runs, not a test-made one. */
public final class Deployments {

  private Deployments() {}

  public static WebArchive mainspringWar() {
    File war = new File(System.getProperty("mainspring.dist"), "mainspring.war");
    return ShrinkWrap.createFromZipFile(WebArchive.class, war);
  }
}
